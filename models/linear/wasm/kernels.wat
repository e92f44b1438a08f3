;; The O(n·p) and O(n·p²) loops of a logistic regression in float64, on a block of rows at a time
;; (WebAssembly SIMD, f64x2). Columns are `len` doubles each, column k at base + k·len·8.
;;   gram_block:  h[a·p + b] += Σᵢ zw[a][i] · z[b][i] for every b ≤ a (XᵀWX; h p × p row-major)
;;   eta_block:   eta[i] = b0 + Σⱼ b[j] · x[j][i]                  (the linear predictor)
;;   cross_block: sums[j] += Σᵢ x[j][i] · r[i]                      (Xᵀr)
;; Compiled by scripts/build-wasm.mjs into kernels-wasm.ts; a unit test checks the two agree.
(module
  (memory (export "memory") 1)
  (func (export "gram_block") (param $zw i32) (param $z i32) (param $p i32) (param $len i32) (param $h i32)
    (local $a i32) (local $b i32) (local $pa i32) (local $pb i32) (local $i i32) (local $bytes i32) (local $vec i32)
    (local $acc0 v128) (local $acc1 v128) (local $tail f64) (local $cell i32)
    (local.set $bytes (i32.shl (local.get $len) (i32.const 3)))
    ;; the bytes that come in whole groups of four doubles
    (local.set $vec (i32.and (local.get $bytes) (i32.const -32)))
    (block $doneA
      (loop $rowA
        (br_if $doneA (i32.ge_u (local.get $a) (local.get $p)))
        (local.set $pa (i32.add (local.get $zw) (i32.mul (local.get $a) (local.get $bytes))))
        (local.set $b (i32.const 0))
        (block $doneB
          (loop $colB
            (br_if $doneB (i32.gt_u (local.get $b) (local.get $a)))
            (local.set $pb (i32.add (local.get $z) (i32.mul (local.get $b) (local.get $bytes))))
            (local.set $acc0 (v128.const f64x2 0 0))
            (local.set $acc1 (v128.const f64x2 0 0))
            (local.set $i (i32.const 0))
            (block $doneI
              (loop $dot
                (br_if $doneI (i32.ge_u (local.get $i) (local.get $vec)))
                (local.set $acc0 (f64x2.add (local.get $acc0)
                  (f64x2.mul (v128.load (i32.add (local.get $pa) (local.get $i))) (v128.load (i32.add (local.get $pb) (local.get $i))))))
                (local.set $acc1 (f64x2.add (local.get $acc1)
                  (f64x2.mul (v128.load offset=16 (i32.add (local.get $pa) (local.get $i))) (v128.load offset=16 (i32.add (local.get $pb) (local.get $i))))))
                (local.set $i (i32.add (local.get $i) (i32.const 32)))
                (br $dot)))
            (local.set $tail (f64.const 0))
            (block $doneT
              (loop $rest
                (br_if $doneT (i32.ge_u (local.get $i) (local.get $bytes)))
                (local.set $tail (f64.add (local.get $tail)
                  (f64.mul (f64.load (i32.add (local.get $pa) (local.get $i))) (f64.load (i32.add (local.get $pb) (local.get $i))))))
                (local.set $i (i32.add (local.get $i) (i32.const 8)))
                (br $rest)))
            (local.set $acc0 (f64x2.add (local.get $acc0) (local.get $acc1)))
            (local.set $cell (i32.add (local.get $h) (i32.shl (i32.add (i32.mul (local.get $a) (local.get $p)) (local.get $b)) (i32.const 3))))
            (f64.store (local.get $cell)
              (f64.add (f64.load (local.get $cell))
                (f64.add (local.get $tail) (f64.add (f64x2.extract_lane 0 (local.get $acc0)) (f64x2.extract_lane 1 (local.get $acc0))))))
            (local.set $b (i32.add (local.get $b) (i32.const 1)))
            (br $colB)))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $rowA))))
;; eta[i] = b0 + Σⱼ b[j] · x[j][i] for i < len.
  (func (export "eta_block") (param $x i32) (param $p i32) (param $len i32) (param $b0 f64) (param $b i32) (param $eta i32)
    (local $j i32) (local $i i32) (local $bytes i32) (local $vec i32) (local $col i32) (local $bj v128) (local $bs f64)
    (local.set $bytes (i32.shl (local.get $len) (i32.const 3)))
    (local.set $vec (i32.and (local.get $bytes) (i32.const -16)))
    (local.set $bj (f64x2.splat (local.get $b0)))
    (block $filled
      (loop $fill
        (br_if $filled (i32.ge_u (local.get $i) (local.get $vec)))
        (v128.store (i32.add (local.get $eta) (local.get $i)) (local.get $bj))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $fill)))
    (if (i32.lt_u (local.get $vec) (local.get $bytes))
      (then (f64.store (i32.add (local.get $eta) (local.get $vec)) (local.get $b0))))
    (block $doneJ
      (loop $column
        (br_if $doneJ (i32.ge_u (local.get $j) (local.get $p)))
        (local.set $col (i32.add (local.get $x) (i32.mul (local.get $j) (local.get $bytes))))
        (local.set $bs (f64.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $bj (f64x2.splat (local.get $bs)))
        (local.set $i (i32.const 0))
        (block $doneI
          (loop $row
            (br_if $doneI (i32.ge_u (local.get $i) (local.get $vec)))
            (v128.store (i32.add (local.get $eta) (local.get $i))
              (f64x2.add (v128.load (i32.add (local.get $eta) (local.get $i)))
                (f64x2.mul (local.get $bj) (v128.load (i32.add (local.get $col) (local.get $i))))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $row)))
        (if (i32.lt_u (local.get $vec) (local.get $bytes))
          (then (f64.store (i32.add (local.get $eta) (local.get $vec))
            (f64.add (f64.load (i32.add (local.get $eta) (local.get $vec)))
              (f64.mul (local.get $bs) (f64.load (i32.add (local.get $col) (local.get $vec))))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $column))))

  ;; sums[j] += Σᵢ x[j][i] · r[i] for i < len.
  (func (export "cross_block") (param $x i32) (param $p i32) (param $len i32) (param $r i32) (param $sums i32)
    (local $j i32) (local $i i32) (local $bytes i32) (local $vec i32) (local $col i32) (local $acc v128) (local $tail f64) (local $cell i32)
    (local.set $bytes (i32.shl (local.get $len) (i32.const 3)))
    (local.set $vec (i32.and (local.get $bytes) (i32.const -16)))
    (block $doneJ
      (loop $column
        (br_if $doneJ (i32.ge_u (local.get $j) (local.get $p)))
        (local.set $col (i32.add (local.get $x) (i32.mul (local.get $j) (local.get $bytes))))
        (local.set $acc (v128.const f64x2 0 0))
        (local.set $i (i32.const 0))
        (block $doneI
          (loop $row
            (br_if $doneI (i32.ge_u (local.get $i) (local.get $vec)))
            (local.set $acc (f64x2.add (local.get $acc)
              (f64x2.mul (v128.load (i32.add (local.get $col) (local.get $i))) (v128.load (i32.add (local.get $r) (local.get $i))))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $row)))
        (local.set $tail (f64.const 0))
        (if (i32.lt_u (local.get $vec) (local.get $bytes))
          (then (local.set $tail (f64.mul (f64.load (i32.add (local.get $col) (local.get $vec))) (f64.load (i32.add (local.get $r) (local.get $vec)))))))
        (local.set $cell (i32.add (local.get $sums) (i32.shl (local.get $j) (i32.const 3))))
        (f64.store (local.get $cell)
          (f64.add (f64.load (local.get $cell))
            (f64.add (local.get $tail) (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $column))))
)
