;; Sorting the scaled integer keys of a column of numbers (value = key / scale, |key| < 2^30) into
;; the sorted values, exactly as `sortScaledKeys` in sort-f64.ts does: counted when the keys' range
;; is at most 2^18, else an LSD radix sort of their offsets from the smallest in passes of at most
;; 12 bits; each value written as (offset + min) / scale. Returns how many distinct values.
;; Memory layout is the caller's: keys i32 [n]; work (counts i32 [range], or two i32 [n] arrays and
;; 4096 i32 offsets); out f64 [n]. The keys can be unpacked here from packed chunks first.
(module
  (memory (export "memory") 1 65536)
  ;; The extremes of the keys unpacked since `start_keys`.
  (global $min (export "min") (mut i32) (i32.const 0))
  (global $max (export "max") (mut i32) (i32.const 0))

  (func (export "start_keys")
    (global.set $min (i32.const 0x7fffffff))
    (global.set $max (i32.const 0x80000000)))

  ;; Unpacks the `count` integers at src (1, 2 or 4 bytes each, little-endian, `missing` meaning no
  ;; value) times `factor` into keys at dst, skipping missing ones; returns how many were written,
  ;; or -1 when one passes ±limit before scaling (its key would not stay within ±(2^30 − 1)).
  (func (export "unpack") (param $src i32) (param $width i32) (param $count i32) (param $factor i32) (param $missing i32) (param $limit i32) (param $dst i32) (result i32)
    (local $i i32) (local $v i32) (local $at i32) (local $lo i32) (local $hi i32)
    (local.set $at (local.get $dst))
    (local.set $lo (global.get $min))
    (local.set $hi (global.get $max))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $v
          (if (result i32) (i32.eq (local.get $width) (i32.const 1))
            (then (i32.load8_s (i32.add (local.get $src) (local.get $i))))
            (else
              (if (result i32) (i32.eq (local.get $width) (i32.const 2))
                (then (i32.load16_s (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 1)))))
                (else (i32.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $each (i32.eq (local.get $v) (local.get $missing)))
        (if (i32.or (i32.gt_s (local.get $v) (local.get $limit)) (i32.lt_s (local.get $v) (i32.sub (i32.const 0) (local.get $limit))))
          (then (return (i32.const -1))))
        (local.set $v (i32.mul (local.get $v) (local.get $factor)))
        (i32.store (local.get $at) (local.get $v))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (local.set $lo (select (local.get $v) (local.get $lo) (i32.lt_s (local.get $v) (local.get $lo))))
        (local.set $hi (select (local.get $v) (local.get $hi) (i32.gt_s (local.get $v) (local.get $hi))))
        (br $each)))
    (global.set $min (local.get $lo))
    (global.set $max (local.get $hi))
    (i32.shr_u (i32.sub (local.get $at) (local.get $dst)) (i32.const 2)))

  (func (export "sort") (param $keys i32) (param $n i32) (param $min i32) (param $max i32) (param $scale f64) (param $work i32) (param $out i32) (result i32)
    (local $range i32)
    (local.set $range (i32.add (i32.sub (local.get $max) (local.get $min)) (i32.const 1)))
    (if (result i32) (i32.gt_u (local.get $range) (i32.const 262144))
      (then (call $radix (local.get $keys) (local.get $n) (local.get $min) (local.get $range) (local.get $scale) (local.get $work) (local.get $out)))
      (else (call $counted (local.get $keys) (local.get $n) (local.get $min) (local.get $range) (local.get $scale) (local.get $work) (local.get $out)))))

  (func $counted (param $keys i32) (param $n i32) (param $min i32) (param $range i32) (param $scale f64) (param $counts i32) (param $out i32) (result i32)
    (local $i i32) (local $at i32) (local $k i32) (local $c i32) (local $v f64) (local $distinct i32) (local $end i32)
    (memory.fill (local.get $counts) (i32.const 0) (i32.shl (local.get $range) (i32.const 2)))
    (local.set $end (i32.add (local.get $keys) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $i (local.get $keys))
    (block $counted_all
      (loop $count
        (br_if $counted_all (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $at (i32.add (local.get $counts) (i32.shl (i32.sub (i32.load (local.get $i)) (local.get $min)) (i32.const 2))))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $count)))
    ;; Keys a whole step apart never divide to the same double: each slot with a count is a value.
    (local.set $at (local.get $out))
    (block $written
      (loop $slots
        (br_if $written (i32.ge_u (local.get $k) (local.get $range)))
        (local.set $c (i32.load (i32.add (local.get $counts) (i32.shl (local.get $k) (i32.const 2)))))
        (if (local.get $c)
          (then
            (local.set $v (f64.div (f64.convert_i32_s (i32.add (local.get $min) (local.get $k))) (local.get $scale)))
            (local.set $distinct (i32.add (local.get $distinct) (i32.const 1)))
            (loop $repeat
              (f64.store (local.get $at) (local.get $v))
              (local.set $at (i32.add (local.get $at) (i32.const 8)))
              (local.set $c (i32.sub (local.get $c) (i32.const 1)))
              (br_if $repeat (local.get $c)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $slots)))
    (local.get $distinct))

  (func $radix (param $keys i32) (param $n i32) (param $min i32) (param $range i32) (param $scale f64) (param $work i32) (param $out i32) (result i32)
    (local $a i32) (local $b i32) (local $offsets i32) (local $t i32) (local $bits i32) (local $passes i32) (local $digit i32)
    (local $mask i32) (local $shift i32) (local $pass i32) (local $i i32) (local $x i32) (local $at i32) (local $sum i32) (local $c i32)
    (local $v f64) (local $last f64) (local $distinct i32) (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $a (local.get $work))
    (local.set $b (i32.add (local.get $work) (local.get $bytes)))
    (local.set $offsets (i32.add (local.get $b) (local.get $bytes)))
    (local.set $bits (i32.sub (i32.const 32) (i32.clz (i32.sub (local.get $range) (i32.const 1)))))
    (local.set $passes (i32.div_u (i32.add (local.get $bits) (i32.const 11)) (i32.const 12)))
    (local.set $digit (i32.div_u (i32.add (local.get $bits) (i32.sub (local.get $passes) (i32.const 1))) (local.get $passes)))
    (local.set $mask (i32.sub (i32.shl (i32.const 1) (local.get $digit)) (i32.const 1)))
    ;; Offsets from the smallest key.
    (local.set $i (i32.const 0))
    (block $offset_done
      (loop $offset
        (br_if $offset_done (i32.ge_u (local.get $i) (local.get $bytes)))
        (i32.store (i32.add (local.get $a) (local.get $i)) (i32.sub (i32.load (i32.add (local.get $keys) (local.get $i))) (local.get $min)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $offset)))
    (block $passes_done
      (loop $each_pass
        (br_if $passes_done (i32.ge_u (local.get $pass) (local.get $passes)))
        (memory.fill (local.get $offsets) (i32.const 0) (i32.shl (i32.add (local.get $mask) (i32.const 1)) (i32.const 2)))
        (local.set $i (i32.const 0))
        (block $hist_done
          (loop $hist
            (br_if $hist_done (i32.ge_u (local.get $i) (local.get $bytes)))
            (local.set $at (i32.add (local.get $offsets) (i32.shl (i32.and (i32.shr_u (i32.load (i32.add (local.get $a) (local.get $i))) (local.get $shift)) (local.get $mask)) (i32.const 2))))
            (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $hist)))
        ;; Counts to starting positions (in bytes).
        (local.set $sum (i32.const 0))
        (local.set $i (i32.const 0))
        (block $prefix_done
          (loop $prefix
            (br_if $prefix_done (i32.gt_u (local.get $i) (local.get $mask)))
            (local.set $at (i32.add (local.get $offsets) (i32.shl (local.get $i) (i32.const 2))))
            (local.set $c (i32.load (local.get $at)))
            (i32.store (local.get $at) (local.get $sum))
            (local.set $sum (i32.add (local.get $sum) (i32.shl (local.get $c) (i32.const 2))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $prefix)))
        (local.set $i (i32.const 0))
        (block $scatter_done
          (loop $scatter
            (br_if $scatter_done (i32.ge_u (local.get $i) (local.get $bytes)))
            (local.set $x (i32.load (i32.add (local.get $a) (local.get $i))))
            (local.set $at (i32.add (local.get $offsets) (i32.shl (i32.and (i32.shr_u (local.get $x) (local.get $shift)) (local.get $mask)) (i32.const 2))))
            (local.set $c (i32.load (local.get $at)))
            (i32.store (i32.add (local.get $b) (local.get $c)) (local.get $x))
            (i32.store (local.get $at) (i32.add (local.get $c) (i32.const 4)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $scatter)))
        (local.set $t (local.get $a))
        (local.set $a (local.get $b))
        (local.set $b (local.get $t))
        (local.set $shift (i32.add (local.get $shift) (local.get $digit)))
        (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
        (br $each_pass)))
    ;; The values, counting changes as they are written.
    (local.set $last (f64.const nan))
    (local.set $i (i32.const 0))
    (block $values_done
      (loop $values
        (br_if $values_done (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $v (f64.div (f64.convert_i32_s (i32.add (i32.load (i32.add (local.get $a) (local.get $i))) (local.get $min))) (local.get $scale)))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 1))) (local.get $v))
        (local.set $distinct (i32.add (local.get $distinct) (f64.ne (local.get $v) (local.get $last))))
        (local.set $last (local.get $v))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $values)))
    (local.get $distinct)))
