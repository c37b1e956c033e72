#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| lede_fuzz_targets::summarize(data));
