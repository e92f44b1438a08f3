;; The heavy part of XᵀWX in float64: for a block of rows, h[a·p + b] += Σᵢ zw[a][i] · z[b][i]
;; for every b ≤ a, two f64x2 accumulators per dot product (WebAssembly SIMD). Columns are `len`
;; doubles each, column k at base + k·len·8; h is p × p row-major doubles (lower triangle).
;; Compiled by scripts/build-wasm.mjs into gram-wasm.ts; a unit test checks the two agree.
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
)
