;; Gradient-boosting histograms on quantized gradients: every row's gradient and hessian are whole
;; numbers (the trainer scales and rounds them), so a node's histogram is exact integer sums — one
;; i32x4 add per row and feature of (gradient, hessian, 1, 0) — the same whatever order or thread
;; adds them. Integer layout: [feature][bin 0..255][g, h, n, 0] i32 (16 bytes); `to_f64` scales
;; them into the trainer's [feature][bin][g, h, n] f64 layout (24 bytes).
(module
  (import "env" "memory" (memory 1 65536 shared))
  ;; hist(bins, F, gh, rows, start, end, out): bins row-major u8 (row i at bins + i*F), gh two i32 per row (gradient, hessian), rows u32.
  (func (export "hist") (param $bins i32) (param $F i32) (param $gh i32) (param $rows i32) (param $start i32) (param $end i32) (param $out i32)
    (memory.fill (local.get $out) (i32.const 0) (i32.mul (local.get $F) (i32.const 4096)))
    (call $accumulate (local.get $bins) (local.get $F) (local.get $gh) (local.get $rows) (local.get $start) (local.get $end) (local.get $out)))

  ;; accumulate(…): the same, adding to what `out` holds (a thread's share of a node, block by block).
  (func $accumulate (export "accumulate") (param $bins i32) (param $F i32) (param $gh i32) (param $rows i32) (param $start i32) (param $end i32) (param $out i32)
    (local $j i32) (local $ahead i32) (local $i i32) (local $base i32) (local $p i32) (local $stop i32) (local $stop4 i32) (local $k i32) (local $v v128) (local $s i32)
    (local.set $j (local.get $start))
    (block $done
      (loop $rows_loop
        (br_if $done (i32.ge_u (local.get $j) (local.get $end)))
        ;; Touch the bins and integers of the row ten rows ahead (the last row at the end): a row's
        ;; 50-odd updates fill the reorder window, so without this each scattered row waits on memory alone.
        (local.set $ahead (i32.load (i32.add (local.get $rows) (i32.shl (select (i32.add (local.get $j) (i32.const 10)) (i32.sub (local.get $end) (i32.const 1)) (i32.lt_u (i32.add (local.get $j) (i32.const 10)) (local.get $end))) (i32.const 2)))))
        (drop (i32.load (i32.add (local.get $gh) (i32.shl (local.get $ahead) (i32.const 3)))))
        (local.set $ahead (i32.add (local.get $bins) (i32.mul (local.get $ahead) (local.get $F))))
        (drop (i32.load8_u (local.get $ahead)))
        (drop (i32.load8_u (i32.add (local.get $ahead) (i32.sub (local.get $F) (i32.const 1)))))
        (local.set $i (i32.load (i32.add (local.get $rows) (i32.shl (local.get $j) (i32.const 2)))))
        ;; (gradient, hessian) side by side in one 8-byte load, the count lane set to 1.
        (local.set $v (i32x4.replace_lane 2 (v128.load64_zero (i32.add (local.get $gh) (i32.shl (local.get $i) (i32.const 3)))) (i32.const 1)))
        (local.set $base (i32.add (local.get $bins) (i32.mul (local.get $i) (local.get $F))))
        (local.set $k (local.get $out))
        (local.set $p (local.get $base))
        (local.set $stop4 (i32.add (local.get $base) (i32.and (local.get $F) (i32.const -4))))
        (local.set $stop (i32.add (local.get $base) (local.get $F)))
        ;; Four features a step (their bins at p+0…3, their histograms 4 KB apart), then the rest one by one.
        (block $f4done
          (loop $features4
            (br_if $f4done (i32.ge_u (local.get $p) (local.get $stop4)))
            (local.set $s (i32.add (local.get $k) (i32.shl (i32.load8_u offset=0 (local.get $p)) (i32.const 4))))
            (v128.store offset=0 (local.get $s) (i32x4.add (v128.load offset=0 (local.get $s)) (local.get $v)))
            (local.set $s (i32.add (local.get $k) (i32.shl (i32.load8_u offset=1 (local.get $p)) (i32.const 4))))
            (v128.store offset=4096 (local.get $s) (i32x4.add (v128.load offset=4096 (local.get $s)) (local.get $v)))
            (local.set $s (i32.add (local.get $k) (i32.shl (i32.load8_u offset=2 (local.get $p)) (i32.const 4))))
            (v128.store offset=8192 (local.get $s) (i32x4.add (v128.load offset=8192 (local.get $s)) (local.get $v)))
            (local.set $s (i32.add (local.get $k) (i32.shl (i32.load8_u offset=3 (local.get $p)) (i32.const 4))))
            (v128.store offset=12288 (local.get $s) (i32x4.add (v128.load offset=12288 (local.get $s)) (local.get $v)))
            (local.set $k (i32.add (local.get $k) (i32.const 16384)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $features4)))
        (block $fdone
          (loop $features
            (br_if $fdone (i32.ge_u (local.get $p) (local.get $stop)))
            (local.set $s (i32.add (local.get $k) (i32.shl (i32.load8_u offset=0 (local.get $p)) (i32.const 4))))
            (v128.store offset=0 (local.get $s) (i32x4.add (v128.load offset=0 (local.get $s)) (local.get $v)))
            (local.set $k (i32.add (local.get $k) (i32.const 4096)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $features)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows_loop))))

  ;; zero(out, F): an integer histogram of F features emptied.
  (func (export "zero") (param $out i32) (param $F i32)
    (memory.fill (local.get $out) (i32.const 0) (i32.mul (local.get $F) (i32.const 4096))))

  ;; add(out, part, slots): out[k] += part[k] for `slots` integer bins (16 bytes each).
  (func (export "add") (param $out i32) (param $part i32) (param $slots i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $slots) (i32.const 4))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (v128.store (local.get $out) (i32x4.add (v128.load (local.get $out)) (v128.load (local.get $part))))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $part (i32.add (local.get $part) (i32.const 16)))
        (br $l))))

  ;; to_f64(q, slots, sg, sh, out): each integer bin (g, h, n) as doubles (g·sg, h·sh, n).
  (func (export "to_f64") (param $q i32) (param $slots i32) (param $sg f64) (param $sh f64) (param $out i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $q) (i32.shl (local.get $slots) (i32.const 4))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $q) (local.get $end)))
        (f64.store (local.get $out) (f64.mul (f64.convert_i32_s (i32.load (local.get $q))) (local.get $sg)))
        (f64.store offset=8 (local.get $out) (f64.mul (f64.convert_i32_s (i32.load offset=4 (local.get $q))) (local.get $sh)))
        (f64.store offset=16 (local.get $out) (f64.convert_i32_s (i32.load offset=8 (local.get $q))))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 24)))
        (br $l))))
)
