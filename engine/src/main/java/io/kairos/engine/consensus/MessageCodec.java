package io.kairos.engine.consensus;

import io.kairos.engine.core.Hash;
import io.kairos.engine.core.KairosException;
import io.kairos.engine.ledger.BlockHeader;
import io.kairos.engine.ledger.CodecLimits;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Encodes and decodes consensus messages: little-endian, a type byte and a version byte, then the
 * fields in declaration order (layout in docs/consensus.md). Decoding checks the length against
 * {@link #maxMessageBytes()} before reading a byte, bounds every count and length, and reports
 * garbage as a {@link ConsensusException} with {@link ConsensusError#OVERSIZED} or
 * {@link ConsensusError#MALFORMED}, never an unchecked exception. Stateless apart from its limits;
 * thread-safe.
 */
public final class MessageCodec {
    public static final byte VERSION = 1;
    public static final byte TYPE_VOTE = 1;
    public static final byte TYPE_PROPOSAL = 2;
    public static final byte TYPE_ROUND_CHANGE = 3;
    public static final byte TYPE_DECISION = 4;
    /** Longest signature accepted (ML-DSA-44 signatures are 2,420 bytes). */
    public static final int MAX_SIGNATURE_BYTES = 4096;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final int maxMessageBytes;
    private final int maxSigners;
    private final CodecLimits limits;

    /**
     * @param maxMessageBytes longest message decoded
     * @param maxSigners      most signatures in one certificate (the validator count)
     */
    public MessageCodec(final int maxMessageBytes, final int maxSigners, final CodecLimits limits) {
        this.maxMessageBytes = maxMessageBytes;
        this.maxSigners = maxSigners;
        this.limits = limits;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    // ---------------------------------------------------------------- encoding

    public byte[] encode(final ConsensusMessage message) {
        final Writer w = new Writer();
        switch (message) {
            case Vote v -> {
                w.header(TYPE_VOTE);
                writeVote(w, v);
            }
            case Proposal p -> {
                w.header(TYPE_PROPOSAL);
                w.u16(p.proposer()).i64(p.height()).i32(p.round()).i32(p.validRound());
                writeBlock(w, p.header(), p.body());
                w.u8(p.pol() == null ? 0 : 1);
                if (p.pol() != null) {
                    writeCertificate(w, p.pol());
                }
                w.bytes16(p.signature());
            }
            case RoundChange r -> {
                w.header(TYPE_ROUND_CHANGE);
                w.u16(r.sender()).i64(r.height()).i32(r.round()).u8(r.pol() == null ? 0 : 1);
                if (r.pol() != null) {
                    writeBlock(w, r.header(), r.body());
                    writeCertificate(w, r.pol());
                }
                w.bytes16(r.signature());
            }
            case Decision d -> {
                w.header(TYPE_DECISION);
                writeBlock(w, d.header(), d.body());
                writeCertificate(w, d.commit());
            }
        }
        return w.toArray();
    }

    /**
     * A certificate on its own, in the layout it has inside messages (step, height, round, block
     * hash, state root, count, then count x (validator u16, signature u16-prefixed)), with no type
     * or version byte: for stores that keep certificates apart from messages.
     */
    public byte[] encodeCertificate(final Certificate certificate) {
        final Writer w = new Writer();
        writeCertificate(w, certificate);
        return w.toArray();
    }

    private static void writeVote(final Writer w, final Vote v) {
        w.u8(v.step().code()).u16(v.validator()).i64(v.height()).i32(v.round()).u8(v.isNil() ? 0 : 1)
            .hash(v.isNil() ? Hash.ZERO : v.blockHash()).hash(v.stateRoot()).bytes16(v.signature());
    }

    private static void writeBlock(final Writer w, final BlockHeader header, final byte[] body) {
        w.raw(header.encode());
        w.i32(body.length);
        w.raw(body);
    }

    private static void writeCertificate(final Writer w, final Certificate c) {
        w.u8(c.step().code()).i64(c.height()).i32(c.round()).hash(c.blockHash()).hash(c.stateRoot()).u16(c.size());
        for (int i = 0; i < c.size(); i++) {
            w.u16(c.validators()[i]).bytes16(c.signatures()[i]);
        }
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Decodes one whole message.
     *
     * @throws ConsensusException {@link ConsensusError#OVERSIZED} or {@link ConsensusError#MALFORMED}
     */
    public ConsensusMessage decode(final byte[] bytes) {
        if (bytes == null) {
            throw new ConsensusException(ConsensusError.MALFORMED, "no message");
        }
        if (bytes.length > maxMessageBytes) {
            throw new ConsensusException(ConsensusError.OVERSIZED, "message of " + bytes.length
                + " bytes exceeds the limit of " + maxMessageBytes);
        }
        final Reader r = new Reader(bytes);
        final int type = r.u8();
        final int version = r.u8();
        if (version != VERSION) {
            throw new ConsensusException(ConsensusError.MALFORMED, "message version " + version + ", expected " + VERSION);
        }
        final ConsensusMessage m = switch (type) {
            case TYPE_VOTE -> readVote(r);
            case TYPE_PROPOSAL -> readProposal(r);
            case TYPE_ROUND_CHANGE -> readRoundChange(r);
            case TYPE_DECISION -> readDecision(r);
            default -> throw new ConsensusException(ConsensusError.MALFORMED, "unknown message type " + type);
        };
        if (r.remaining() != 0) {
            throw new ConsensusException(ConsensusError.MALFORMED, r.remaining() + " trailing bytes after the message");
        }
        return m;
    }

    /**
     * Decodes what {@link #encodeCertificate} wrote; the whole array must be one certificate.
     *
     * @throws ConsensusException {@link ConsensusError#OVERSIZED} or {@link ConsensusError#MALFORMED}
     */
    public Certificate decodeCertificate(final byte[] bytes) {
        if (bytes == null) {
            throw new ConsensusException(ConsensusError.MALFORMED, "no certificate");
        }
        if (bytes.length > maxMessageBytes) {
            throw new ConsensusException(ConsensusError.OVERSIZED, "certificate of " + bytes.length
                + " bytes exceeds the limit of " + maxMessageBytes);
        }
        final Reader r = new Reader(bytes);
        final Certificate c = readCertificate(r);
        if (r.remaining() != 0) {
            throw new ConsensusException(ConsensusError.MALFORMED, r.remaining() + " trailing bytes after the certificate");
        }
        return c;
    }

    private Vote readVote(final Reader r) {
        final Step step = r.step();
        if (step == Step.PROPOSE) {
            throw new ConsensusException(ConsensusError.MALFORMED, "a vote's step is PREVOTE or PRECOMMIT");
        }
        final int validator = r.u16();
        final long height = r.height();
        final int round = r.round();
        final int flags = r.u8();
        if (flags > 1) {
            throw new ConsensusException(ConsensusError.MALFORMED, "vote flags " + flags + ", expected 0 or 1");
        }
        final Hash block = r.hash();
        final Hash root = r.hash();
        if (flags == 0 && (!block.isZero() || !root.isZero())) {
            throw new ConsensusException(ConsensusError.MALFORMED, "a nil vote carries zero hashes");
        }
        return new Vote(step, height, round, flags == 0 ? null : block, root, validator, r.signature());
    }

    private Proposal readProposal(final Reader r) {
        final int proposer = r.u16();
        final long height = r.height();
        final int round = r.round();
        final int validRound = r.i32();
        if (validRound < -1 || validRound >= round) {
            throw new ConsensusException(ConsensusError.MALFORMED, "valid round " + validRound
                + " must be -1 or below the round " + round);
        }
        final BlockHeader header = readHeader(r);
        final byte[] body = readBody(r, header);
        final int hasPol = r.flag();
        final Certificate pol = hasPol == 1 ? readCertificate(r) : null;
        if ((validRound >= 0) != (pol != null)) {
            throw new ConsensusException(ConsensusError.MALFORMED, "a re-proposal carries its proof of lock, a fresh one none");
        }
        return new Proposal(height, round, validRound, proposer, header, body, pol, r.signature());
    }

    private RoundChange readRoundChange(final Reader r) {
        final int sender = r.u16();
        final long height = r.height();
        final int round = r.round();
        final int has = r.flag();
        BlockHeader header = null;
        byte[] body = null;
        Certificate pol = null;
        if (has == 1) {
            header = readHeader(r);
            body = readBody(r, header);
            pol = readCertificate(r);
        }
        return new RoundChange(height, round, sender, header, body, pol, r.signature());
    }

    private Decision readDecision(final Reader r) {
        final BlockHeader header = readHeader(r);
        final byte[] body = readBody(r, header);
        return new Decision(header, body, readCertificate(r));
    }

    private BlockHeader readHeader(final Reader r) {
        final int at = r.take(BlockHeader.LENGTH);
        try {
            return BlockHeader.read(r.buffer, at, BlockHeader.LENGTH, limits);
        } catch (final KairosException e) {
            throw new ConsensusException(ConsensusError.MALFORMED, "bad block header: " + e.getMessage());
        }
    }

    private static byte[] readBody(final Reader r, final BlockHeader header) {
        final int length = r.i32();
        if (length != header.bodyLength()) {
            throw new ConsensusException(ConsensusError.MALFORMED, "body of " + length + " bytes, the header says "
                + header.bodyLength());
        }
        return r.bytes(length);
    }

    private Certificate readCertificate(final Reader r) {
        final Step step = r.step();
        final long height = r.height();
        final int round = r.round();
        final Hash block = r.hash();
        final Hash root = r.hash();
        final int count = r.u16();
        if (count == 0 || count > maxSigners) {
            throw new ConsensusException(ConsensusError.MALFORMED, "certificate with " + count
                + " signatures, expected 1 to " + maxSigners);
        }
        final int[] who = new int[count];
        final byte[][] sigs = new byte[count][];
        for (int i = 0; i < count; i++) {
            who[i] = r.u16();
            sigs[i] = r.signature();
        }
        if (step == Step.PROPOSE) {
            throw new ConsensusException(ConsensusError.MALFORMED, "a certificate is over prevotes or precommits");
        }
        return new Certificate(step, height, round, block, root, who, sigs);
    }

    /** Bounds-checked little-endian reads; every failure is a typed MALFORMED. */
    private static final class Reader {
        final UnsafeBuffer buffer;
        final int limit;
        int pos;

        Reader(final byte[] bytes) {
            buffer = new UnsafeBuffer(bytes);
            limit = bytes.length;
        }

        int remaining() {
            return limit - pos;
        }

        int take(final int n) {
            if (n < 0 || n > limit - pos) {
                throw new ConsensusException(ConsensusError.MALFORMED, "message truncated at byte " + pos + ": needs "
                    + n + " more bytes, has " + (limit - pos));
            }
            final int at = pos;
            pos += n;
            return at;
        }

        int u8() {
            return buffer.getByte(take(1)) & 0xFF;
        }

        int flag() {
            final int f = u8();
            if (f > 1) {
                throw new ConsensusException(ConsensusError.MALFORMED, "flag byte " + f + ", expected 0 or 1");
            }
            return f;
        }

        int u16() {
            return buffer.getShort(take(2), LE) & 0xFFFF;
        }

        int i32() {
            return buffer.getInt(take(4), LE);
        }

        long height() {
            final long h = buffer.getLong(take(8), LE);
            if (h < 1) {
                throw new ConsensusException(ConsensusError.MALFORMED, "height " + h + ", expected at least 1");
            }
            return h;
        }

        int round() {
            final int round = i32();
            if (round < 0 || round == Integer.MAX_VALUE) {
                throw new ConsensusException(ConsensusError.MALFORMED, "round " + round + " is out of range");
            }
            return round;
        }

        Step step() {
            final int code = u8();
            final Step s = Step.ofCode(code);
            if (s == null) {
                throw new ConsensusException(ConsensusError.MALFORMED, "unknown step code " + code);
            }
            return s;
        }

        Hash hash() {
            return Hash.read(buffer, take(Hash.LENGTH));
        }

        byte[] bytes(final int n) {
            final int at = take(n);
            final byte[] out = new byte[n];
            buffer.getBytes(at, out);
            return out;
        }

        byte[] signature() {
            final int n = u16();
            if (n == 0 || n > MAX_SIGNATURE_BYTES) {
                throw new ConsensusException(ConsensusError.MALFORMED, "signature of " + n + " bytes, expected 1 to "
                    + MAX_SIGNATURE_BYTES);
            }
            return bytes(n);
        }
    }

    /** Growable little-endian writer. */
    private static final class Writer {
        private byte[] out = new byte[256];
        private UnsafeBuffer b = new UnsafeBuffer(out);
        private int pos;

        private void ensure(final int n) {
            if (pos + n > out.length) {
                out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, pos + n));
                b = new UnsafeBuffer(out);
            }
        }

        Writer header(final byte type) {
            return u8(type).u8(VERSION);
        }

        Writer u8(final int v) {
            ensure(1);
            b.putByte(pos++, (byte) v);
            return this;
        }

        Writer u16(final int v) {
            ensure(2);
            b.putShort(pos, (short) v, LE);
            pos += 2;
            return this;
        }

        Writer i32(final int v) {
            ensure(4);
            b.putInt(pos, v, LE);
            pos += 4;
            return this;
        }

        Writer i64(final long v) {
            ensure(8);
            b.putLong(pos, v, LE);
            pos += 8;
            return this;
        }

        Writer hash(final Hash h) {
            ensure(Hash.LENGTH);
            h.write(b, pos);
            pos += Hash.LENGTH;
            return this;
        }

        Writer raw(final byte[] bytes) {
            ensure(bytes.length);
            b.putBytes(pos, bytes);
            pos += bytes.length;
            return this;
        }

        Writer bytes16(final byte[] bytes) {
            return u16(bytes.length).raw(bytes);
        }

        byte[] toArray() {
            return java.util.Arrays.copyOf(out, pos);
        }
    }
}
