//! Reading a file a piece at a time gives what reading it whole gives.

use super::*;

/// Sizes on either side of the pieces the files are read in.
const SIZES: [usize; 7] = [0, 1, 65_535, 65_536, 65_537, 131_072, 200_001];

fn bytes(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

#[test]
fn a_file_hashed_in_pieces_has_the_hash_of_its_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    for len in SIZES {
        let path = dir.path().join(format!("plan-{len}.ron"));
        let text = bytes(len, 7);
        std::fs::write(&path, &text).expect("written");
        assert_eq!(
            file_content_hash(&path).expect("read"),
            (len as u64, content_hash(&text)),
            "{len} bytes"
        );
    }
}

#[test]
fn files_are_the_same_only_when_every_byte_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |name: &str, text: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("written");
        path
    };
    for len in SIZES {
        let text = bytes(len, 3);
        let a = write("a", &text);
        assert!(same_bytes(&a, &write("b", &text)).expect("read"), "{len}");
        if len > 0 {
            let mut last_differs = text.clone();
            last_differs[len - 1] ^= 1;
            assert!(!same_bytes(&a, &write("c", &last_differs)).expect("read"));
            assert!(!same_bytes(&a, &write("d", &text[..len - 1])).expect("read"));
            assert!(!same_bytes(&write("e", &text[..len - 1]), &a).expect("read"));
        }
        let mut longer = text.clone();
        longer.push(b'\n');
        assert!(!same_bytes(&a, &write("f", &longer)).expect("read"));
        assert!(!same_bytes(&write("g", &longer), &a).expect("read"));
    }
}
