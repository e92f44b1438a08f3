;; Line feeds in a block of bytes, sixteen at a time: how many there are, and where the k-th is.
;; The caller reads a block of the file straight into this module's memory at offset 0 and asks.
(module
  ;; 4 MiB for a block, and a page to spare.
  (memory (export "memory") 65)

  ;; How many bytes 0x0a are in [0, n).
  (func (export "count") (param $n i32) (result i32)
    (local $p i32) (local $end i32) (local $c i32) (local $lf v128)
    (local.set $lf (i8x16.splat (i32.const 10)))
    (local.set $end (i32.and (local.get $n) (i32.const -16)))
    (block $wide_done
      (loop $wide
        (br_if $wide_done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $c (i32.add (local.get $c)
          (i32.popcnt (i8x16.bitmask (i8x16.eq (v128.load (local.get $p)) (local.get $lf))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $wide)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $p) (local.get $n)))
        (local.set $c (i32.add (local.get $c) (i32.eq (i32.load8_u (local.get $p)) (i32.const 10))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $tail)))
    (local.get $c))

  ;; The offset of the k-th (k >= 1) byte 0x0a in [0, n), or -1 when there are fewer than k.
  (func (export "nth") (param $n i32) (param $k i32) (result i32)
    (local $p i32) (local $end i32) (local $m i32) (local $c i32) (local $lf v128)
    (local.set $lf (i8x16.splat (i32.const 10)))
    (local.set $end (i32.and (local.get $n) (i32.const -16)))
    (block $wide_done
      (loop $wide
        (br_if $wide_done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $m (i8x16.bitmask (i8x16.eq (v128.load (local.get $p)) (local.get $lf))))
        (local.set $c (i32.popcnt (local.get $m)))
        (if (i32.le_u (local.get $k) (local.get $c))
          (then
            ;; Drop the lowest k - 1 set bits; the lowest left is the k-th line feed.
            (block $found
              (loop $drop
                (br_if $found (i32.eq (local.get $k) (i32.const 1)))
                (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
                (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                (br $drop)))
            (return (i32.add (local.get $p) (i32.ctz (local.get $m))))))
        (local.set $k (i32.sub (local.get $k) (local.get $c)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $wide)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $p) (local.get $n)))
        (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 10))
          (then
            (if (i32.eq (local.get $k) (i32.const 1)) (then (return (local.get $p))))
            (local.set $k (i32.sub (local.get $k) (i32.const 1)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $tail)))
    (i32.const -1))
)
