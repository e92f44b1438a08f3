// autocannon ships no types; bench/rta.ts declares the little it uses where it calls it.
declare module 'autocannon';
