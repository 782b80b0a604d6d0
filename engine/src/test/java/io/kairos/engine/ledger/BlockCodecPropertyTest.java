package io.kairos.engine.ledger;

import io.kairos.engine.core.ValidationException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BlockCodecPropertyTest {

    @Provide
    Arbitrary<BlockHeader> headers() {
        return LedgerArbitraries.headers();
    }

    @Provide
    Arbitrary<Block> blocks() {
        return LedgerArbitraries.blocks();
    }

    @Provide
    Arbitrary<byte[]> damagedHeaders() {
        return LedgerArbitraries.mutationsOf(LedgerArbitraries.headers().map(BlockHeader::encode));
    }

    @Provide
    Arbitrary<byte[]> damagedBlocks() {
        return LedgerArbitraries.mutationsOf(LedgerArbitraries.blocks().map(Block::encode));
    }

    @Property(tries = 300)
    void headerDecodeInvertsEncode(@ForAll("headers") final BlockHeader header) {
        final byte[] encoded = header.encode();
        assertEquals(BlockHeader.LENGTH, encoded.length);
        final BlockHeader back = BlockHeader.decode(encoded);
        assertEquals(header, back);
        assertEquals(header.hashCode(), back.hashCode());
        assertEquals(header.hash(), back.hash());
    }

    @Property(tries = 200)
    void blockDecodeInvertsEncode(@ForAll("blocks") final Block block) {
        final byte[] encoded = block.encode();
        assertEquals(block.encodedLength(), encoded.length);
        final Block back = Block.decode(encoded);
        assertEquals(block, back);
        assertEquals(block.hash(), back.hash());
        assertArrayEquals(encoded, back.encode());
        assertEquals(block, Block.of(block.header(), block.transactions()));
    }

    @Property(tries = 500)
    void damagedHeadersAreRefusedOrCanonical(@ForAll("damagedHeaders") final byte[] bytes) {
        try {
            assertArrayEquals(bytes, BlockHeader.decode(bytes).encode());
            Statistics.collect("ACCEPTED");
        } catch (final ValidationException refused) {
            Statistics.collect(refused.error());
        }
    }

    @Property(tries = 400)
    void damagedBlocksAreRefusedOrCanonical(@ForAll("damagedBlocks") final byte[] bytes) {
        try {
            assertArrayEquals(bytes, Block.decode(bytes).encode());
            Statistics.collect("ACCEPTED");
        } catch (final ValidationException refused) {
            Statistics.collect(refused.error());
        }
    }
}
