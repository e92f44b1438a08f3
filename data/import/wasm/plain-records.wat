;; Plain CSV records a block at a time: a record with no quote, ended by LF or CRLF, with exactly
;; the header's field count. Numbers ([-]digits[.digits], at most 15 digits; empty = NaN) are parsed
;; exactly as `parsePlainDecimal` parses them (an integer mantissa divided by an exact power of ten);
;; any other number text is left to JavaScript as an exception (row, column, start, end). Categories
;; come out as (code, hash, start, end) with `hashBytes`' hash, other columns as (start, end). A
;; category's code is found here when its column's table remembers the value (JavaScript's
;; dictionary assigns every code; `remember` copies a value of at most 16 bytes and its code into
;; the table), else it is -2 and JavaScript looks it up; an empty field is -1. The block stops
;; before the first record that is not plain or not whole; JavaScript reads that one its way.
;;
;; Layout (JavaScript owns it): kinds u8 [nf] (0 number, 1 category, 2 other); num f64 [nf][stride];
;; cat i32 [nf][stride][4] (code, hash, start, end); starts i32 [rows + 1] (each record's start);
;; exc i32 [excCap][4]; tables i32 [nf] (each category's table, 0 for none). A table is 1024 slots
;; of 32 bytes: code (-1 for a missing-value token), hash, length (0 when the slot is empty), 0,
;; then the value's bytes as two i64 (zero past its length). Positions are offsets from `in`.
;; Bytes 0..255 hold the powers of ten; bytes 256..511 are 1 for the bytes that end an unquoted
;; field (the delimiter, LF, CR), which the caller sets. The byte at `in + len` must be a LF: a
;; sentinel that ends every scan, so no loop checks the end of the input byte by byte.
(module
  (memory (export "memory") 1)
  ;; Where the block stopped (offset from `in`) and how many exceptions it left.
  (global $end (export "end") (mut i32) (i32.const 0))
  (global $exceptions (export "exceptions") (mut i32) (i32.const 0))

  (func $init
    (local $k i32) (local $p f64)
    (local.set $p (f64.const 1))
    (loop $powers
      (f64.store (i32.shl (local.get $k) (i32.const 3)) (local.get $p))
      (local.set $p (f64.mul (local.get $p) (f64.const 10)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $powers (i32.le_u (local.get $k) (i32.const 22)))))
  (start $init)

  ;; The 32-bit hash of bytes [s, e): four bytes a step (little-endian), the tail, the length, a final mix.
  (func $hash (param $s i32) (param $e i32) (result i32)
    (local $h i32) (local $i i32) (local $k i32) (local $j i32)
    (local.set $h (i32.const 0x9747b28c))
    (local.set $i (local.get $s))
    (block $words_done
      (loop $words
        (br_if $words_done (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $e)))
        (local.set $k (i32.mul (i32.load (local.get $i)) (i32.const 0xcc9e2d51)))
        (local.set $k (i32.rotl (local.get $k) (i32.const 15)))
        (local.set $h (i32.xor (local.get $h) (i32.mul (local.get $k) (i32.const 0x1b873593))))
        (local.set $h (i32.rotl (local.get $h) (i32.const 13)))
        (local.set $h (i32.add (i32.mul (local.get $h) (i32.const 5)) (i32.const 0xe6546b64)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $words)))
    (if (i32.lt_u (local.get $i) (local.get $e))
      (then
        (local.set $k (i32.const 0))
        (local.set $j (i32.sub (local.get $e) (i32.const 1)))
        (loop $tail
          (local.set $k (i32.or (i32.shl (local.get $k) (i32.const 8)) (i32.load8_u (local.get $j))))
          (local.set $j (i32.sub (local.get $j) (i32.const 1)))
          (br_if $tail (i32.ge_s (local.get $j) (local.get $i))))
        (local.set $k (i32.rotl (i32.mul (local.get $k) (i32.const 0xcc9e2d51)) (i32.const 15)))
        (local.set $h (i32.xor (local.get $h) (i32.mul (local.get $k) (i32.const 0x1b873593))))))
    (local.set $h (i32.xor (local.get $h) (i32.sub (local.get $e) (local.get $s))))
    (local.set $h (i32.mul (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))) (i32.const 0x85ebca6b)))
    (local.set $h (i32.mul (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))) (i32.const 0xc2b2ae35)))
    (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))

;; The first (w = 0) or second (w = 1) eight bytes of the value at s of length len, zero past its end.
  (func $word (param $s i32) (param $len i32) (param $w i32) (result i64)
    (local $n i32)
    (local.set $n (i32.sub (local.get $len) (i32.shl (local.get $w) (i32.const 3))))
    (if (i32.le_s (local.get $n) (i32.const 0)) (then (return (i64.const 0))))
    (if (i32.gt_u (local.get $n) (i32.const 8)) (then (local.set $n (i32.const 8))))
    (i64.and
      (i64.load (i32.add (local.get $s) (i32.shl (local.get $w) (i32.const 3))))
      (i64.shr_u (i64.const -1) (i64.extend_i32_u (i32.sub (i32.const 64) (i32.shl (local.get $n) (i32.const 3)))))))

  ;; The code table `tab` holds for the value at s (len ≤ 16 bytes, hash h), or -2.
  (func $lookup (param $tab i32) (param $h i32) (param $s i32) (param $len i32) (result i32)
    (local $w0 i64) (local $w1 i64) (local $slot i32) (local $at i32) (local $c i32)
    (local.set $w0 (call $word (local.get $s) (local.get $len) (i32.const 0)))
    (local.set $w1 (call $word (local.get $s) (local.get $len) (i32.const 1)))
    (local.set $slot (i32.and (local.get $h) (i32.const 1023)))
    (loop $probe
      (local.set $at (i32.add (local.get $tab) (i32.shl (local.get $slot) (i32.const 5))))
      (local.set $c (i32.load offset=8 (local.get $at)))
      (if (i32.eqz (local.get $c)) (then (return (i32.const -2))))
      (if (i32.eq (i32.load offset=4 (local.get $at)) (local.get $h))
        (then
          (if (i32.and (i32.eq (local.get $c) (local.get $len))
                (i32.and (i64.eq (i64.load offset=16 (local.get $at)) (local.get $w0)) (i64.eq (i64.load offset=24 (local.get $at)) (local.get $w1))))
            (then (return (i32.load (local.get $at)))))))
      (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (i32.const 1023)))
      (br $probe))
    (i32.const -2))

  ;; Puts the value at s (len ≤ 16 bytes, hash h) with its code into table `tab` (which has room)
  ;; unless it is there already; returns 1 when it was put.
  (func (export "remember") (param $tab i32) (param $h i32) (param $s i32) (param $len i32) (param $code i32) (result i32)
    (local $slot i32) (local $at i32)
    (if (i32.ne (call $lookup (local.get $tab) (local.get $h) (local.get $s) (local.get $len)) (i32.const -2))
      (then (return (i32.const 0))))
    (local.set $slot (i32.and (local.get $h) (i32.const 1023)))
    (loop $probe
      (local.set $at (i32.add (local.get $tab) (i32.shl (local.get $slot) (i32.const 5))))
      (if (i32.ne (i32.load offset=8 (local.get $at)) (i32.const 0))
        (then
          (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (i32.const 1023)))
          (br $probe))))
    (i32.store offset=0 (local.get $at) (local.get $code))
    (i32.store offset=4 (local.get $at) (local.get $h))
    (i32.store offset=8 (local.get $at) (local.get $len))
    (i32.store offset=12 (local.get $at) (i32.const 0))
    (i64.store offset=16 (local.get $at) (call $word (local.get $s) (local.get $len) (i32.const 0)))
    (i64.store offset=24 (local.get $at) (call $word (local.get $s) (local.get $len) (i32.const 1)))
    (i32.const 1))

  ;; Packs hex keys: for each of n fields (code, hash, start, end, 16 bytes apart from $t; positions
  ;; offsets from $in), the 2 × $w lower-case hex digits as $w bytes at $out + r × $w, sixteen
  ;; digits at a time. Returns how many fields from the first were such keys: it stops at the first
  ;; that is empty, of another length or holds any other byte (its bytes written are meaningless).
  (func (export "packHex") (param $in i32) (param $t i32) (param $n i32) (param $w i32) (param $out i32) (result i32)
    (local $r i32) (local $p i32) (local $q i32) (local $end i32) (local $wide i32) (local $hi i32) (local $lo i32)
    (local $v v128) (local $bad v128) (local $nib v128)
    (local.set $wide (i32.and (i32.shl (local.get $w) (i32.const 1)) (i32.const -16)))
    (block $done
      (loop $field
        (br_if $done (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $p (i32.add (local.get $in) (i32.load offset=8 (local.get $t))))
        (local.set $end (i32.add (local.get $in) (i32.load offset=12 (local.get $t))))
        (br_if $done (i32.ne (i32.sub (local.get $end) (local.get $p)) (i32.shl (local.get $w) (i32.const 1))))
        (local.set $end (i32.add (local.get $p) (local.get $wide)))
        (local.set $q (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $w))))
        (local.set $bad (v128.const i64x2 0 0))
        (block $wide_done
          (loop $sixteen
            (br_if $wide_done (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $v (v128.load align=1 (local.get $p)))
            ;; A digit is '0'..'9' or 'a'..'f': anything else sets its lane in $bad.
            (local.set $bad (v128.or (local.get $bad) (v128.not (v128.or
              (i8x16.lt_u (i8x16.sub (local.get $v) (i8x16.splat (i32.const 0x30))) (i8x16.splat (i32.const 10)))
              (i8x16.lt_u (i8x16.sub (local.get $v) (i8x16.splat (i32.const 0x61))) (i8x16.splat (i32.const 6)))))))
            ;; Its nibble: the low four bits, plus 9 for a letter.
            (local.set $nib (i8x16.add (v128.and (local.get $v) (i8x16.splat (i32.const 15)))
              (v128.and (i8x16.gt_u (local.get $v) (i8x16.splat (i32.const 0x40))) (i8x16.splat (i32.const 9)))))
            ;; Each pair (first digit in the low byte) to (first << 4) | second, eight bytes out.
            (local.set $nib (v128.and (v128.or (i16x8.shl (local.get $nib) (i32.const 4)) (i16x8.shr_u (local.get $nib) (i32.const 8)))
              (i16x8.splat (i32.const 0xff))))
            (i64.store align=1 (local.get $q) (i64x2.extract_lane 0 (i8x16.narrow_i16x8_u (local.get $nib) (local.get $nib))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (br $sixteen)))
        (br_if $done (v128.any_true (local.get $bad)))
        ;; Digits past the last sixteen, two at a time.
        (local.set $end (i32.add (local.get $in) (i32.load offset=12 (local.get $t))))
        (block $tail_done
          (loop $pair
            (br_if $tail_done (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $hi (call $nibble (i32.load8_u (local.get $p))))
            (local.set $lo (call $nibble (i32.load8_u offset=1 (local.get $p))))
            (br_if $done (i32.lt_s (i32.or (local.get $hi) (local.get $lo)) (i32.const 0)))
            (i32.store8 (local.get $q) (i32.or (i32.shl (local.get $hi) (i32.const 4)) (local.get $lo)))
            (local.set $p (i32.add (local.get $p) (i32.const 2)))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $pair)))
        (local.set $t (i32.add (local.get $t) (i32.const 16)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $field)))
    (local.get $r))

  ;; The value of a lower-case hex digit, -1 for any other byte.
  (func $nibble (param $c i32) (result i32)
    (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10)) (then (return (i32.sub (local.get $c) (i32.const 0x30)))))
    (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x61)) (i32.const 6)) (then (return (i32.sub (local.get $c) (i32.const 0x57)))))
    (i32.const -1))

  ;; Reads up to `rows` (≤ stride) plain records from bytes [in, in + len) (a LF at in + len);
  ;; returns how many. `end` is where the next record starts (offset from `in`).
  (func (export "records")
    (param $in i32) (param $len i32) (param $kinds i32) (param $nf i32) (param $rows i32) (param $stride i32) (param $delim i32)
    (param $num i32) (param $cat i32) (param $starts i32) (param $exc i32) (param $excCap i32) (param $tables i32)
    (result i32)
    (local $limit i32) (local $p i32) (local $r i32) (local $j i32) (local $s i32) (local $c i32)
    (local $kind i32) (local $mant i64) (local $digits i32) (local $frac i32) (local $neg i32)
    (local $v f64) (local $excAtRow i32) (local $excN i32) (local $out i32) (local $last i32) (local $h i32) (local $tab i32)
    (local.set $limit (i32.add (local.get $in) (local.get $len)))
    (local.set $p (local.get $in))
    (local.set $last (i32.sub (local.get $nf) (i32.const 1)))
    (block $stop
      (loop $record
        (i32.store (i32.add (local.get $starts) (i32.shl (local.get $r) (i32.const 2))) (i32.sub (local.get $p) (local.get $in)))
        (local.set $excAtRow (local.get $excN))
        (br_if $stop (i32.ge_u (local.get $r) (local.get $rows)))
        (br_if $stop (i32.ge_u (local.get $p) (local.get $limit)))
        ;; A blank line (or CR alone) is the tokenizer's to judge.
        (local.set $c (i32.load8_u (local.get $p)))
        (br_if $stop (i32.or (i32.eq (local.get $c) (i32.const 10)) (i32.eq (local.get $c) (i32.const 13))))
        (local.set $j (i32.const 0))
        (loop $field
          (local.set $s (local.get $p))
          (br_if $stop (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x22)))
          (local.set $kind (i32.load8_u (i32.add (local.get $kinds) (local.get $j))))
          (local.set $out (i32.add (i32.mul (local.get $j) (local.get $stride)) (local.get $r)))
          (if (i32.eqz (local.get $kind))
            (then
              ;; [-]digits[.digits]
              (local.set $neg (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x2d)))
              (local.set $p (i32.add (local.get $p) (local.get $neg)))
              (local.set $mant (i64.const 0))
              (local.set $digits (i32.const 0))
              (local.set $frac (i32.const 0))
              (block $int_done
                (loop $int
                  (local.set $c (i32.sub (i32.load8_u (local.get $p)) (i32.const 0x30)))
                  (br_if $int_done (i32.gt_u (local.get $c) (i32.const 9)))
                  (local.set $mant (i64.add (i64.mul (local.get $mant) (i64.const 10)) (i64.extend_i32_u (local.get $c))))
                  (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
                  (local.set $p (i32.add (local.get $p) (i32.const 1)))
                  (br $int)))
              (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x2e))
                (then
                  (local.set $p (i32.add (local.get $p) (i32.const 1)))
                  (block $frac_done
                    (loop $fraction
                      (local.set $c (i32.sub (i32.load8_u (local.get $p)) (i32.const 0x30)))
                      (br_if $frac_done (i32.gt_u (local.get $c) (i32.const 9)))
                      (local.set $mant (i64.add (i64.mul (local.get $mant) (i64.const 10)) (i64.extend_i32_u (local.get $c))))
                      (local.set $frac (i32.add (local.get $frac) (i32.const 1)))
                      (local.set $p (i32.add (local.get $p) (i32.const 1)))
                      (br $fraction)))))
              (br_if $stop (i32.ge_u (local.get $p) (local.get $limit)))
              (if (i32.and
                    (i32.load8_u offset=256 (i32.load8_u (local.get $p)))
                    (i32.or (i32.eq (local.get $p) (local.get $s))
                      (i32.and (i32.ge_u (i32.add (local.get $digits) (local.get $frac)) (i32.const 1)) (i32.le_u (i32.add (local.get $digits) (local.get $frac)) (i32.const 15)))))
                (then
                  (if (i32.eq (local.get $p) (local.get $s))
                    (then (local.set $v (f64.const nan)))
                    (else
                      (local.set $v (f64.div (f64.convert_i64_s (local.get $mant)) (f64.load (i32.shl (local.get $frac) (i32.const 3)))))
                      (if (local.get $neg) (then (local.set $v (f64.neg (local.get $v))))))))
                (else
                  ;; Not a plain decimal: find the field's end and leave it to JavaScript.
                  (block $exc_end
                    (loop $exc_scan
                      (br_if $exc_end (i32.load8_u offset=256 (i32.load8_u (local.get $p))))
                      (local.set $p (i32.add (local.get $p) (i32.const 1)))
                      (br $exc_scan)))
                  (br_if $stop (i32.ge_u (local.get $p) (local.get $limit)))
                  (br_if $stop (i32.ge_u (local.get $excN) (local.get $excCap)))
                  (local.set $c (i32.add (local.get $exc) (i32.shl (local.get $excN) (i32.const 4))))
                  (i32.store offset=0 (local.get $c) (local.get $r))
                  (i32.store offset=4 (local.get $c) (local.get $j))
                  (i32.store offset=8 (local.get $c) (i32.sub (local.get $s) (local.get $in)))
                  (i32.store offset=12 (local.get $c) (i32.sub (local.get $p) (local.get $in)))
                  (local.set $excN (i32.add (local.get $excN) (i32.const 1)))
                  (local.set $v (f64.const nan))))
              (f64.store (i32.add (local.get $num) (i32.shl (local.get $out) (i32.const 3))) (local.get $v)))
            (else
              (block $text_end
                (loop $text
                  (br_if $text_end (i32.load8_u offset=256 (i32.load8_u (local.get $p))))
                  (local.set $p (i32.add (local.get $p) (i32.const 1)))
                  (br $text)))
              (br_if $stop (i32.ge_u (local.get $p) (local.get $limit)))
              (local.set $out (i32.add (local.get $cat) (i32.shl (local.get $out) (i32.const 4))))
              (if (i32.eq (local.get $kind) (i32.const 1))
                (then
                  (if (i32.eq (local.get $p) (local.get $s))
                    (then (i32.store offset=0 (local.get $out) (i32.const -1)))
                    (else
                      (local.set $h (call $hash (local.get $s) (local.get $p)))
                      (i32.store offset=4 (local.get $out) (local.get $h))
                      (local.set $tab (i32.load (i32.add (local.get $tables) (i32.shl (local.get $j) (i32.const 2)))))
                      (i32.store offset=0 (local.get $out)
                        (if (result i32) (i32.and (i32.ne (local.get $tab) (i32.const 0)) (i32.le_u (i32.sub (local.get $p) (local.get $s)) (i32.const 16)))
                          (then (call $lookup (local.get $tab) (local.get $h) (local.get $s) (i32.sub (local.get $p) (local.get $s))))
                          (else (i32.const -2))))))))
              (i32.store offset=8 (local.get $out) (i32.sub (local.get $s) (local.get $in)))
              (i32.store offset=12 (local.get $out) (i32.sub (local.get $p) (local.get $in)))))
          ;; The byte after the field: the delimiter between fields, LF or CRLF after the last.
          (local.set $c (i32.load8_u (local.get $p)))
          (if (i32.lt_u (local.get $j) (local.get $last))
            (then
              (br_if $stop (i32.ne (local.get $c) (local.get $delim)))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $field)))
          (if (i32.eq (local.get $c) (i32.const 10))
            (then (local.set $p (i32.add (local.get $p) (i32.const 1))))
            (else
              (br_if $stop (i32.ne (local.get $c) (i32.const 13)))
              (br_if $stop (i32.ge_u (i32.add (local.get $p) (i32.const 1)) (local.get $limit)))
              (br_if $stop (i32.ne (i32.load8_u offset=1 (local.get $p)) (i32.const 10)))
              (local.set $p (i32.add (local.get $p) (i32.const 2))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $record)))
    ;; Stopped before record r: drop its exceptions.
    (global.set $end (i32.load (i32.add (local.get $starts) (i32.shl (local.get $r) (i32.const 2)))))
    (global.set $exceptions (local.get $excAtRow))
    (local.get $r)))
