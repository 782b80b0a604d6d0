package io.kairos.node.keystore;

/** Why a keystore operation was refused; the name is the stable code printed by the CLI. */
public enum KeystoreError {
    /** The password does not open the keystore, or the file was altered (AES-GCM cannot tell the two apart). */
    WRONG_PASSWORD,
    /** scrypt parameters weaker than the policy's floor. */
    KDF_BELOW_FLOOR,
    /** scrypt parameters costlier than the policy's ceiling (a hostile file could exhaust memory or CPU). */
    KDF_ABOVE_CEILING,
    /** scrypt parameters that are not valid at all (N not a power of two above 1, r or p not positive), or a policy that is not coherent. */
    KDF_INVALID,
    /** The JVM's maximum heap is too small for the scrypt parameters. */
    INSUFFICIENT_MEMORY,
    /** The file is not a well-formed keystore. */
    MALFORMED,
    /** The file is a keystore of a version this build does not read. */
    UNSUPPORTED_VERSION,
    /** A key-derivation function other than scrypt. */
    UNKNOWN_KDF,
    /** A cipher other than AES-256-GCM. */
    UNKNOWN_CIPHER,
    /** A signature scheme this build does not know. */
    UNKNOWN_SCHEME,
    /** The stored address or public key does not belong to the stored (or decrypted) key. */
    KEY_MISMATCH,
    /** The target file exists and overwriting was not asked for. */
    FILE_EXISTS,
    /** The file system cannot hold POSIX permissions, so the key could not be kept private. */
    UNSUPPORTED_FILESYSTEM,
    /** Reading or writing a file failed. */
    IO,
    /** The password is empty. */
    EMPTY_PASSWORD,
    /** The two passwords typed for a new keystore differ. */
    PASSWORD_MISMATCH,
    /** No password could be obtained: no terminal, an unset variable, an unreadable password file. */
    PASSWORD_UNAVAILABLE
}
