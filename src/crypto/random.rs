//! Random strings from the operating system's CSPRNG.

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

fn pick(alphabet: &[u8], len: usize) -> String {
    (0..len).map(|_| alphabet[rand::random_range(0..alphabet.len())] as char).collect()
}

/// Mixed-case letters and digits (pool ID suffixes).
pub fn alnum(len: usize) -> String {
    pick(ALNUM, len)
}

/// Lowercase letters and digits (client IDs and secrets, as Cognito issues them).
pub fn lower_alnum(len: usize) -> String {
    pick(LOWER_ALNUM, len)
}

pub fn bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    rand::fill(&mut out);
    out
}
