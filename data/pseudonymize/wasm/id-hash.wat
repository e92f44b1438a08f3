;; Batch hashing of short ids: MD5, SHA-256 and HMAC-SHA256 (key states prepared once), each
;; digest written as hex. One call hashes a whole batch, so the JS↔WebAssembly crossing is paid
;; once per thousands of ids, not per id. Compiled by scripts/build-wasm.mjs into
;; id-hash-wasm.ts; test/unit/data/pseudonymize/wasm-build.test.ts checks the two agree.
;;
;; Memory layout (bytes): tables are written by the JS side at instantiation (id-hash.ts).
;;    0  SHA-256 round constants K[64]        256  MD5 constants T[64]
;;  512  MD5 shifts S[64] (i32)               768  MD5 message word byte offsets G[64] (i32)
;; 1024  SHA-256 message schedule W[64]      1280  working state (8 words)
;; 1312  SHA-256 initial state               1344  MD5 initial state
;; 1376  inner HMAC digest as bytes (32)     1408  padding buffer (128)
;; 1536  HMAC inner state (8 words)          1568  HMAC outer state (8 words)
;; 1600  hex pairs, lower case (512)         2112  hex pairs, upper case (512)
;; 2624  HMAC key block (64)                 2688  four-lane state (8 vectors)
;; 2816  four padded blocks (256)            3072  four-lane K (64 vectors)
;; 4096  four-lane W (64 vectors)            5120  four lanes' starts and lengths (32)
;; 8192  free: the caller's batches
(module
  (memory (export "memory") 64)

  ;; Big-endian word at p (SHA-256 reads its message big-endian).
  (func $load_be (param $p i32) (result i32)
    (local $x i32)
    (local.set $x (i32.load (local.get $p)))
    (i32.or
      (i32.rotl (i32.and (local.get $x) (i32.const 0xff00ff00)) (i32.const 8))
      (i32.rotr (i32.and (local.get $x) (i32.const 0x00ff00ff)) (i32.const 8))))

  (func $bswap (param $x i32) (result i32)
    (i32.or
      (i32.rotl (i32.and (local.get $x) (i32.const 0xff00ff00)) (i32.const 8))
      (i32.rotr (i32.and (local.get $x) (i32.const 0x00ff00ff)) (i32.const 8))))

  ;; One SHA-256 compression of the 64-byte block at $blk into the state at $st.
  (func $sha_compress (param $st i32) (param $blk i32)
    (local $i i32) (local $w15 i32) (local $w2 i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32)
    (local $e i32) (local $f i32) (local $g i32) (local $h i32)
    (local $t1 i32) (local $t2 i32)
    (loop $schedule0
      (i32.store offset=1024 (local.get $i) (call $load_be (i32.add (local.get $blk) (local.get $i))))
      (br_if $schedule0 (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 64))))
    (loop $schedule
      (local.set $w15 (i32.load offset=964 (local.get $i)))
      (local.set $w2 (i32.load offset=1016 (local.get $i)))
      (i32.store offset=1024 (local.get $i)
        (i32.add
          (i32.add
            (i32.load offset=960 (local.get $i))
            (i32.xor
              (i32.xor (i32.rotr (local.get $w15) (i32.const 7)) (i32.rotr (local.get $w15) (i32.const 18)))
              (i32.shr_u (local.get $w15) (i32.const 3))))
          (i32.add
            (i32.load offset=996 (local.get $i))
            (i32.xor
              (i32.xor (i32.rotr (local.get $w2) (i32.const 17)) (i32.rotr (local.get $w2) (i32.const 19)))
              (i32.shr_u (local.get $w2) (i32.const 10))))))
      (br_if $schedule (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 256))))
    (local.set $a (i32.load offset=0 (local.get $st)))
    (local.set $b (i32.load offset=4 (local.get $st)))
    (local.set $c (i32.load offset=8 (local.get $st)))
    (local.set $d (i32.load offset=12 (local.get $st)))
    (local.set $e (i32.load offset=16 (local.get $st)))
    (local.set $f (i32.load offset=20 (local.get $st)))
    (local.set $g (i32.load offset=24 (local.get $st)))
    (local.set $h (i32.load offset=28 (local.get $st)))
    (local.set $i (i32.const 0))
    (loop $rounds
      ;; t1 = h + Σ1(e) + Ch(e, f, g) + K[i] + W[i]
      (local.set $t1
        (i32.add
          (i32.add
            (i32.add (local.get $h)
              (i32.xor
                (i32.xor (i32.rotr (local.get $e) (i32.const 6)) (i32.rotr (local.get $e) (i32.const 11)))
                (i32.rotr (local.get $e) (i32.const 25))))
            (i32.xor (local.get $g) (i32.and (local.get $e) (i32.xor (local.get $f) (local.get $g)))))
          (i32.add (i32.load offset=0 (local.get $i)) (i32.load offset=1024 (local.get $i)))))
      ;; t2 = Σ0(a) + Maj(a, b, c)
      (local.set $t2
        (i32.add
          (i32.xor
            (i32.xor (i32.rotr (local.get $a) (i32.const 2)) (i32.rotr (local.get $a) (i32.const 13)))
            (i32.rotr (local.get $a) (i32.const 22)))
          (i32.or
            (i32.and (local.get $a) (local.get $b))
            (i32.and (local.get $c) (i32.or (local.get $a) (local.get $b))))))
      (local.set $h (local.get $g))
      (local.set $g (local.get $f))
      (local.set $f (local.get $e))
      (local.set $e (i32.add (local.get $d) (local.get $t1)))
      (local.set $d (local.get $c))
      (local.set $c (local.get $b))
      (local.set $b (local.get $a))
      (local.set $a (i32.add (local.get $t1) (local.get $t2)))
      (br_if $rounds (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 256))))
    (i32.store offset=0 (local.get $st) (i32.add (i32.load offset=0 (local.get $st)) (local.get $a)))
    (i32.store offset=4 (local.get $st) (i32.add (i32.load offset=4 (local.get $st)) (local.get $b)))
    (i32.store offset=8 (local.get $st) (i32.add (i32.load offset=8 (local.get $st)) (local.get $c)))
    (i32.store offset=12 (local.get $st) (i32.add (i32.load offset=12 (local.get $st)) (local.get $d)))
    (i32.store offset=16 (local.get $st) (i32.add (i32.load offset=16 (local.get $st)) (local.get $e)))
    (i32.store offset=20 (local.get $st) (i32.add (i32.load offset=20 (local.get $st)) (local.get $f)))
    (i32.store offset=24 (local.get $st) (i32.add (i32.load offset=24 (local.get $st)) (local.get $g)))
    (i32.store offset=28 (local.get $st) (i32.add (i32.load offset=28 (local.get $st)) (local.get $h))))

  ;; One MD5 compression of the 64-byte block at $blk into the state at $st.
  (func $md5_compress (param $st i32) (param $blk i32)
    (local $i i32) (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $f i32) (local $t i32)
    (local.set $a (i32.load offset=0 (local.get $st)))
    (local.set $b (i32.load offset=4 (local.get $st)))
    (local.set $c (i32.load offset=8 (local.get $st)))
    (local.set $d (i32.load offset=12 (local.get $st)))
    (loop $rounds
      (if (i32.lt_u (local.get $i) (i32.const 64))
        (then (local.set $f (i32.xor (local.get $d) (i32.and (local.get $b) (i32.xor (local.get $c) (local.get $d))))))
        (else (if (i32.lt_u (local.get $i) (i32.const 128))
          (then (local.set $f (i32.xor (local.get $c) (i32.and (local.get $d) (i32.xor (local.get $b) (local.get $c))))))
          (else (if (i32.lt_u (local.get $i) (i32.const 192))
            (then (local.set $f (i32.xor (i32.xor (local.get $b) (local.get $c)) (local.get $d))))
            (else (local.set $f (i32.xor (local.get $c) (i32.or (local.get $b) (i32.xor (local.get $d) (i32.const -1)))))))))))
      (local.set $t
        (i32.add
          (i32.add (local.get $a) (local.get $f))
          (i32.add
            (i32.load offset=256 (local.get $i))
            (i32.load (i32.add (local.get $blk) (i32.load offset=768 (local.get $i)))))))
      (local.set $a (local.get $d))
      (local.set $d (local.get $c))
      (local.set $c (local.get $b))
      (local.set $b (i32.add (local.get $b) (i32.rotl (local.get $t) (i32.load offset=512 (local.get $i)))))
      (br_if $rounds (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 256))))
    (i32.store offset=0 (local.get $st) (i32.add (i32.load offset=0 (local.get $st)) (local.get $a)))
    (i32.store offset=4 (local.get $st) (i32.add (i32.load offset=4 (local.get $st)) (local.get $b)))
    (i32.store offset=8 (local.get $st) (i32.add (i32.load offset=8 (local.get $st)) (local.get $c)))
    (i32.store offset=12 (local.get $st) (i32.add (i32.load offset=12 (local.get $st)) (local.get $d))))

  (func $compress (param $md5 i32) (param $st i32) (param $blk i32)
    (if (local.get $md5)
      (then (call $md5_compress (local.get $st) (local.get $blk)))
      (else (call $sha_compress (local.get $st) (local.get $blk)))))

  ;; Hashes the $len bytes at $p into the working state (1280), which holds the state after
  ;; $prefix bytes already hashed: whole blocks in place, then the padded tail (0x80, zeros, the
  ;; length in bits — little-endian for MD5, big-endian for SHA-256).
  (func $finish (param $md5 i32) (param $p i32) (param $len i32) (param $prefix i32)
    (local $end i32) (local $rest i32) (local $bits i64) (local $at i32)
    (local.set $end (i32.add (local.get $p) (local.get $len)))
    (block $done
      (loop $blocks
        (br_if $done (i32.lt_u (i32.sub (local.get $end) (local.get $p)) (i32.const 64)))
        (call $compress (local.get $md5) (i32.const 1280) (local.get $p))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (br $blocks)))
    (local.set $rest (i32.sub (local.get $end) (local.get $p)))
    (memory.fill (i32.const 1408) (i32.const 0) (i32.const 128))
    (memory.copy (i32.const 1408) (local.get $p) (local.get $rest))
    (i32.store8 offset=1408 (local.get $rest) (i32.const 0x80))
    ;; the length goes in the last 8 bytes of the first or the second padding block
    (local.set $at (select (i32.const 1464) (i32.const 1528) (i32.lt_u (local.get $rest) (i32.const 56))))
    (local.set $bits (i64.shl (i64.extend_i32_u (i32.add (local.get $prefix) (local.get $len))) (i64.const 3)))
    (if (local.get $md5)
      (then (i64.store (local.get $at) (local.get $bits)))
      (else
        (i32.store (local.get $at) (call $bswap (i32.wrap_i64 (i64.shr_u (local.get $bits) (i64.const 32)))))
        (i32.store offset=4 (local.get $at) (call $bswap (i32.wrap_i64 (local.get $bits))))))
    (call $compress (local.get $md5) (i32.const 1280) (i32.const 1408))
    (if (i32.ge_u (local.get $rest) (i32.const 56))
      (then (call $compress (local.get $md5) (i32.const 1280) (i32.const 1472)))))

  ;; The working state as hex at $out: $words words, big-endian (SHA-256) or little-endian (MD5).
  (func $hex (param $out i32) (param $words i32) (param $md5 i32) (param $table i32)
    (local $i i32) (local $w i32) (local $j i32)
    (loop $word
      (local.set $w (i32.load offset=1280 (i32.shl (local.get $i) (i32.const 2))))
      (if (i32.eqz (local.get $md5)) (then (local.set $w (call $bswap (local.get $w)))))
      ;; $w now holds the digest bytes in memory order (little-endian word)
      (local.set $j (i32.const 0))
      (loop $byte
        (i32.store16 (local.get $out)
          (i32.load16_u (i32.add (local.get $table)
            (i32.shl (i32.and (i32.shr_u (local.get $w) (i32.shl (local.get $j) (i32.const 3))) (i32.const 255)) (i32.const 1)))))
        (local.set $out (i32.add (local.get $out) (i32.const 2)))
        (br_if $byte (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 4))))
      (br_if $word (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $words)))))

  ;; Four SHA-256 compressions side by side (WebAssembly SIMD): lane j of the 8 state vectors at
  ;; 2688 and of the 16 message vectors at 4096 belong to message j. Same rounds as $sha_compress.
  (func $sha_compress4
    (local $i i32) (local $x v128) (local $y v128)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (local $e v128) (local $f v128) (local $g v128) (local $h v128)
    (local $t1 v128) (local $t2 v128)
    (local.set $i (i32.const 256))
    (loop $schedule
      ;; W[i] = W[i-16] + σ0(W[i-15]) + W[i-7] + σ1(W[i-2]), 16 bytes per vector
      (local.set $x (v128.load offset=3856 (local.get $i)))
      (local.set $y (v128.load offset=4064 (local.get $i)))
      (v128.store offset=4096 (local.get $i)
        (i32x4.add
          (i32x4.add
            (v128.load offset=3840 (local.get $i))
            (v128.xor (v128.xor (v128.or (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25))) (v128.or (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14)))) (i32x4.shr_u (local.get $x) (i32.const 3))))
          (i32x4.add
            (v128.load offset=3984 (local.get $i))
            (v128.xor (v128.xor (v128.or (i32x4.shr_u (local.get $y) (i32.const 17)) (i32x4.shl (local.get $y) (i32.const 15))) (v128.or (i32x4.shr_u (local.get $y) (i32.const 19)) (i32x4.shl (local.get $y) (i32.const 13)))) (i32x4.shr_u (local.get $y) (i32.const 10))))))
      (br_if $schedule (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (i32.const 1024))))
    (local.set $a (v128.load offset=2688 (i32.const 0)))
    (local.set $b (v128.load offset=2704 (i32.const 0)))
    (local.set $c (v128.load offset=2720 (i32.const 0)))
    (local.set $d (v128.load offset=2736 (i32.const 0)))
    (local.set $e (v128.load offset=2752 (i32.const 0)))
    (local.set $f (v128.load offset=2768 (i32.const 0)))
    (local.set $g (v128.load offset=2784 (i32.const 0)))
    (local.set $h (v128.load offset=2800 (i32.const 0)))
    (local.set $i (i32.const 0))
    (loop $rounds
      (local.set $t1
        (i32x4.add
          (i32x4.add
            (i32x4.add (local.get $h) (v128.xor (v128.xor (v128.or (i32x4.shr_u (local.get $e) (i32.const 6)) (i32x4.shl (local.get $e) (i32.const 26))) (v128.or (i32x4.shr_u (local.get $e) (i32.const 11)) (i32x4.shl (local.get $e) (i32.const 21)))) (v128.or (i32x4.shr_u (local.get $e) (i32.const 25)) (i32x4.shl (local.get $e) (i32.const 7)))))
            (v128.xor (local.get $g) (v128.and (local.get $e) (v128.xor (local.get $f) (local.get $g)))))
          (i32x4.add (v128.load offset=3072 (local.get $i)) (v128.load offset=4096 (local.get $i)))))
      (local.set $t2
        (i32x4.add
          (v128.xor (v128.xor (v128.or (i32x4.shr_u (local.get $a) (i32.const 2)) (i32x4.shl (local.get $a) (i32.const 30))) (v128.or (i32x4.shr_u (local.get $a) (i32.const 13)) (i32x4.shl (local.get $a) (i32.const 19)))) (v128.or (i32x4.shr_u (local.get $a) (i32.const 22)) (i32x4.shl (local.get $a) (i32.const 10))))
          (v128.or
            (v128.and (local.get $a) (local.get $b))
            (v128.and (local.get $c) (v128.or (local.get $a) (local.get $b))))))
      (local.set $h (local.get $g))
      (local.set $g (local.get $f))
      (local.set $f (local.get $e))
      (local.set $e (i32x4.add (local.get $d) (local.get $t1)))
      (local.set $d (local.get $c))
      (local.set $c (local.get $b))
      (local.set $b (local.get $a))
      (local.set $a (i32x4.add (local.get $t1) (local.get $t2)))
      (br_if $rounds (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (i32.const 1024))))
    (v128.store offset=2688 (i32.const 0) (i32x4.add (v128.load offset=2688 (i32.const 0)) (local.get $a)))
    (v128.store offset=2704 (i32.const 0) (i32x4.add (v128.load offset=2704 (i32.const 0)) (local.get $b)))
    (v128.store offset=2720 (i32.const 0) (i32x4.add (v128.load offset=2720 (i32.const 0)) (local.get $c)))
    (v128.store offset=2736 (i32.const 0) (i32x4.add (v128.load offset=2736 (i32.const 0)) (local.get $d)))
    (v128.store offset=2752 (i32.const 0) (i32x4.add (v128.load offset=2752 (i32.const 0)) (local.get $e)))
    (v128.store offset=2768 (i32.const 0) (i32x4.add (v128.load offset=2768 (i32.const 0)) (local.get $f)))
    (v128.store offset=2784 (i32.const 0) (i32x4.add (v128.load offset=2784 (i32.const 0)) (local.get $g)))
    (v128.store offset=2800 (i32.const 0) (i32x4.add (v128.load offset=2800 (i32.const 0)) (local.get $h))))

  ;; The 8 state vectors at 2688 set to the state at $init in every lane.
  (func $splat_state (param $init i32)
    (local $w i32)
    (loop $each
      (v128.store offset=2688 (local.get $w) (i32x4.splat (i32.load (i32.add (local.get $init) (i32.shr_u (local.get $w) (i32.const 2))))))
      (br_if $each (i32.lt_u (local.tee $w (i32.add (local.get $w) (i32.const 16))) (i32.const 128)))))

  ;; SHA-256 ($hmac = 0) or HMAC-SHA256 ($hmac = 1) of four messages that each fit one final
  ;; block ($starts and $lens: lane j's message at $starts[j] of $lens[j] ≤ 55 bytes), digests
  ;; as hex at the four addresses at $outs.
  (func $sha4 (param $hmac i32) (param $starts i32) (param $lens i32) (param $outs i32) (param $table i32)
    (local $j i32) (local $pad i32) (local $len i32) (local $w i32)
    (loop $lane
      ;; lane j's padded block at 2816 + 64j, then its words big-endian into lane j of W
      (local.set $pad (i32.add (i32.const 2816) (i32.shl (local.get $j) (i32.const 6))))
      (local.set $len (i32.load (i32.add (local.get $lens) (i32.shl (local.get $j) (i32.const 2)))))
      (memory.fill (local.get $pad) (i32.const 0) (i32.const 64))
      (memory.copy (local.get $pad) (i32.load (i32.add (local.get $starts) (i32.shl (local.get $j) (i32.const 2)))) (local.get $len))
      (i32.store8 (i32.add (local.get $pad) (local.get $len)) (i32.const 0x80))
      (i32.store offset=60 (local.get $pad)
        (call $bswap (i32.shl (i32.add (local.get $len) (i32.shl (local.get $hmac) (i32.const 6))) (i32.const 3))))
      (local.set $w (i32.const 0))
      (loop $word
        (i32.store offset=4096
          (i32.add (i32.shl (local.get $w) (i32.const 2)) (i32.shl (local.get $j) (i32.const 2)))
          (call $load_be (i32.add (local.get $pad) (local.get $w))))
        (br_if $word (i32.lt_u (local.tee $w (i32.add (local.get $w) (i32.const 4))) (i32.const 64))))
      (br_if $lane (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 4))))
    (call $splat_state (select (i32.const 1536) (i32.const 1312) (local.get $hmac)))
    (call $sha_compress4)
    (if (local.get $hmac)
      (then
        ;; the outer block: the inner digest (8 words), 0x80, zeros, length (64 + 32) × 8 bits
        (memory.copy (i32.const 4096) (i32.const 2688) (i32.const 128))
        (v128.store offset=4224 (i32.const 0) (i32x4.splat (i32.const 0x80000000)))
        (memory.fill (i32.const 4240) (i32.const 0) (i32.const 96))
        (v128.store offset=4336 (i32.const 0) (i32x4.splat (i32.const 768)))
        (call $splat_state (i32.const 1568))
        (call $sha_compress4)))
    (local.set $j (i32.const 0))
    (loop $out
      (local.set $w (i32.const 0))
      (loop $word
        (i32.store offset=1280 (local.get $w)
          (i32.load offset=2688 (i32.add (i32.shl (local.get $w) (i32.const 2)) (i32.shl (local.get $j) (i32.const 2)))))
        (br_if $word (i32.lt_u (local.tee $w (i32.add (local.get $w) (i32.const 4))) (i32.const 32))))
      (call $hex (i32.load (i32.add (local.get $outs) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 8) (i32.const 0) (local.get $table))
      (br_if $out (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 4)))))

  ;; Prepares HMAC-SHA256 with the key at $p ($len ≤ 64 bytes; longer keys are hashed first by
  ;; the caller): the states after the ipad and opad key blocks.
  (func (export "hmac_key") (param $p i32) (param $len i32)
    (local $i i32)
    (memory.fill (i32.const 2624) (i32.const 0) (i32.const 64))
    (memory.copy (i32.const 2624) (local.get $p) (local.get $len))
    (loop $x
      (i32.store8 offset=2624 (local.get $i) (i32.xor (i32.load8_u offset=2624 (local.get $i)) (i32.const 0x36)))
      (br_if $x (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 64))))
    (memory.copy (i32.const 1536) (i32.const 1312) (i32.const 32))
    (call $sha_compress (i32.const 1536) (i32.const 2624))
    (local.set $i (i32.const 0))
    (loop $y
      ;; 0x36 ^ 0x5c = 0x6a turns the ipad block into the opad block
      (i32.store8 offset=2624 (local.get $i) (i32.xor (i32.load8_u offset=2624 (local.get $i)) (i32.const 0x6a)))
      (br_if $y (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 64))))
    (memory.copy (i32.const 1568) (i32.const 1312) (i32.const 32))
    (call $sha_compress (i32.const 1568) (i32.const 2624)))

;; Hashes $n messages laid end to end from $msg, message k ending at byte $msg + ends[k]
  ;; (u32 array at $ends), writing each digest's hex (32 bytes for MD5, 64 otherwise) at the
  ;; address outs[k] (u32 array at $outs): straight into the caller's output rows. Four SHA-256
  ;; messages that each fit one block go through $sha4 together; the rest one by one.
  ;; $algo: 0 MD5, 1 SHA-256, 2 HMAC-SHA256. $upper: upper-case hex.
  (func (export "hash_batch") (param $algo i32) (param $n i32) (param $ends i32) (param $msg i32) (param $outs i32) (param $upper i32)
    (local $k i32) (local $start i32) (local $end i32) (local $md5 i32) (local $table i32) (local $i i32) (local $out i32)
    (local $j i32) (local $s i32) (local $len i32) (local $fits i32)
    (local.set $md5 (i32.eqz (local.get $algo)))
    (local.set $table (select (i32.const 2112) (i32.const 1600) (local.get $upper)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $start (i32.add (local.get $msg)
          (select (i32.const 0) (i32.load offset=0 (i32.sub (i32.add (local.get $ends) (i32.shl (local.get $k) (i32.const 2))) (i32.const 4))) (i32.eqz (local.get $k)))))
        ;; four single-block SHA-256 messages: starts at 5120, lengths at 5136
        (local.set $fits (i32.and (i32.eqz (local.get $md5)) (i32.le_u (i32.add (local.get $k) (i32.const 4)) (local.get $n))))
        (local.set $s (local.get $start))
        (local.set $j (i32.const 0))
        (block $checked
          (loop $lane
            (br_if $checked (i32.or (i32.eqz (local.get $fits)) (i32.ge_u (local.get $j) (i32.const 4))))
            (local.set $end (i32.add (local.get $msg) (i32.load (i32.add (local.get $ends) (i32.shl (i32.add (local.get $k) (local.get $j)) (i32.const 2))))))
            (local.set $len (i32.sub (local.get $end) (local.get $s)))
            (local.set $fits (i32.le_u (local.get $len) (i32.const 55)))
            (i32.store offset=5120 (i32.shl (local.get $j) (i32.const 2)) (local.get $s))
            (i32.store offset=5136 (i32.shl (local.get $j) (i32.const 2)) (local.get $len))
            (local.set $s (local.get $end))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $lane)))
        (if (local.get $fits)
          (then
            (call $sha4 (i32.eq (local.get $algo) (i32.const 2)) (i32.const 5120) (i32.const 5136)
              (i32.add (local.get $outs) (i32.shl (local.get $k) (i32.const 2))) (local.get $table))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $each)))
        (local.set $end (i32.add (local.get $msg) (i32.load (i32.add (local.get $ends) (i32.shl (local.get $k) (i32.const 2))))))
        (local.set $out (i32.load (i32.add (local.get $outs) (i32.shl (local.get $k) (i32.const 2)))))
        (if (local.get $md5)
          (then
            (memory.copy (i32.const 1280) (i32.const 1344) (i32.const 16))
            (call $finish (i32.const 1) (local.get $start) (i32.sub (local.get $end) (local.get $start)) (i32.const 0))
            (call $hex (local.get $out) (i32.const 4) (i32.const 1) (local.get $table)))
          (else
            (if (i32.eq (local.get $algo) (i32.const 1))
              (then
                (memory.copy (i32.const 1280) (i32.const 1312) (i32.const 32))
                (call $finish (i32.const 0) (local.get $start) (i32.sub (local.get $end) (local.get $start)) (i32.const 0)))
              (else
                (memory.copy (i32.const 1280) (i32.const 1536) (i32.const 32))
                (call $finish (i32.const 0) (local.get $start) (i32.sub (local.get $end) (local.get $start)) (i32.const 64))
                (local.set $i (i32.const 0))
                (loop $inner
                  (i32.store offset=1376 (local.get $i) (call $bswap (i32.load offset=1280 (local.get $i))))
                  (br_if $inner (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 32))))
                (memory.copy (i32.const 1280) (i32.const 1568) (i32.const 32))
                (call $finish (i32.const 0) (i32.const 1376) (i32.const 32) (i32.const 64))))
            (call $hex (local.get $out) (i32.const 8) (i32.const 0) (local.get $table))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $each))))
)
