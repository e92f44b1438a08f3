;; Gradient-boosting histograms: for each row of a node, every feature's bin gets the row's
;; gradient and hessian (one f64x2 add) and one more row. Layout of `out`: [feature][bin 0..255][g, h, n] f64.
(module
  (import "env" "memory" (memory 1 65536 shared))
  ;; hist(bins, F, g, h, rows, start, end, out): bins row-major u8 (row i at bins + i*F), g/h f64 per row, rows u32.
  (func (export "hist") (param $bins i32) (param $F i32) (param $g i32) (param $h i32) (param $rows i32) (param $start i32) (param $end i32) (param $out i32)
    (local $j i32) (local $i i32) (local $base i32) (local $f i32) (local $k i32) (local $gh v128) (local $one f64)
    (memory.fill (local.get $out) (i32.const 0) (i32.mul (local.get $F) (i32.const 6144)))
    (local.set $one (f64.const 1))
    (local.set $j (local.get $start))
    (block $done
      (loop $rows_loop
        (br_if $done (i32.ge_u (local.get $j) (local.get $end)))
        (local.set $i (i32.load (i32.add (local.get $rows) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $gh (f64x2.replace_lane 1
          (f64x2.splat (f64.load (i32.add (local.get $g) (i32.shl (local.get $i) (i32.const 3)))))
          (f64.load (i32.add (local.get $h) (i32.shl (local.get $i) (i32.const 3))))))
        (local.set $base (i32.add (local.get $bins) (i32.mul (local.get $i) (local.get $F))))
        (local.set $k (local.get $out))
        (local.set $f (i32.const 0))
        (block $fdone
          (loop $features
            (br_if $fdone (i32.ge_u (local.get $f) (local.get $F)))
            ;; slot = out + f*6144 + bin*24
            (local.set $i (i32.add (local.get $k) (i32.mul (i32.load8_u (i32.add (local.get $base) (local.get $f))) (i32.const 24))))
            (v128.store (local.get $i) (f64x2.add (v128.load (local.get $i)) (local.get $gh)))
            (f64.store offset=16 (local.get $i) (f64.add (f64.load offset=16 (local.get $i)) (local.get $one)))
            (local.set $k (i32.add (local.get $k) (i32.const 6144)))
            (local.set $f (i32.add (local.get $f) (i32.const 1)))
            (br $features)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows_loop))))

  ;; add(out, part, count): out[k] += part[k] for count f64 values (two threads' halves of a node).
  (func (export "add") (param $out i32) (param $part i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (v128.store (local.get $out) (f64x2.add (v128.load (local.get $out)) (v128.load (local.get $part))))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $part (i32.add (local.get $part) (i32.const 16)))
        (br $l))))
)
