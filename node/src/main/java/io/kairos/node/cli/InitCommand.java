package io.kairos.node.cli;

import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hex;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SignatureScheme;
import io.kairos.engine.crypto.SignatureSchemes;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisBuilder;
import io.kairos.engine.genesis.GenesisJson;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.node.config.HostPort;
import io.kairos.node.config.NodeConfig;
import io.kairos.node.keystore.KdfParams;
import io.kairos.node.keystore.Keystore;
import io.kairos.node.keystore.KeystorePolicy;
import io.kairos.node.keystore.SecureFiles;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code kairos init}: writes everything a network needs to start: the genesis, one encrypted
 * keystore and one {@code node.json} per validator, and a treasury keystore holding the supply that
 * is not staked.
 *
 * <pre>
 * DIR/genesis.json
 * DIR/treasury.key
 * DIR/password.txt           (devnet only, unless a password is given; mode 600)
 * DIR/validator-0/node.json
 * DIR/validator-0/validator.key
 * DIR/validator-1/...
 * </pre>
 *
 * Devnet keys derive from fixed public seeds ({@link DevnetKeys}) unless {@code --random-keys};
 * testnet and mainnet keys are always random and need a password from a file, a variable or the
 * terminal.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = "Write a genesis, validator keystores and one node config per validator.")
public final class InitCommand implements Callable<Integer> {
    static final String PASSWORD_FILE = "password.txt";
    static final int MAX_VALIDATORS = 1000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--network", defaultValue = "devnet", paramLabel = "NAME",
        description = "Preset: devnet, testnet or mainnet (default: ${DEFAULT-VALUE}).")
    String network;

    @Option(names = "--validators", defaultValue = "4", paramLabel = "N",
        description = "Number of validators, 1..1000 (default: ${DEFAULT-VALUE}; BFT needs 3f+1, e.g. 4 or 7).")
    int validators;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "Folder to write into; created if absent, refused if not empty (see --force).")
    Path out;

    @Option(names = "--scheme", defaultValue = "ed25519", paramLabel = "SCHEME",
        description = "Validator key scheme: ed25519 or ml-dsa-44 (default: ${DEFAULT-VALUE}).")
    String scheme;

    @Option(names = "--stake", defaultValue = "1000000", paramLabel = "TOKENS",
        description = "Stake of each validator in tokens (default: ${DEFAULT-VALUE}).")
    String stake;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
        description = "Host of every validator's endpoints (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--p2p-port", defaultValue = "7100", paramLabel = "PORT",
        description = "Consensus port of validator 0; validator i uses PORT+i (default: ${DEFAULT-VALUE}).")
    int p2pPort;

    @Option(names = "--rpc-port", defaultValue = "8545", paramLabel = "PORT",
        description = "JSON-RPC port of validator 0; validator i uses PORT+i (default: ${DEFAULT-VALUE}).")
    int rpcPort;

    @Option(names = "--metrics-port", defaultValue = "9100", paramLabel = "PORT",
        description = "Metrics port of validator 0; validator i uses PORT+i (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--chain-id", paramLabel = "ID", description = "Override the preset's chain id.")
    Long chainId;

    @Option(names = "--genesis-time", paramLabel = "TIME",
        description = "Genesis time, RFC 3339 UTC such as 2026-11-21T00:00:00Z (default: now, to the second).")
    String genesisTime;

    @Option(names = "--random-keys",
        description = "Devnet: random keys instead of the fixed public devnet seeds (testnet and mainnet always are).")
    boolean randomKeys;

    @Option(names = "--scrypt-n", paramLabel = "N",
        description = "scrypt cost N for the keystores, a power of two from 2^15 to 2^20 (default 2^18).")
    Integer scryptN;

    @Option(names = "--force", description = "Write into DIR even if it is not empty, replacing our files.")
    boolean force;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    PasswordOptions password;

    /** Where "now" comes from; tests replace it. */
    Clock clock = Clock.systemUTC();
    Map<String, String> environment = System.getenv();
    SecureRandom random = new SecureRandom();
    /**
     * Set by {@code kairos devnet} (there is no option): fund these load accounts and the Ethereum dev
     * accounts at genesis, as the single-validator devnet does. Needs the fixed devnet seeds.
     */
    List<Address> devnetLoadAccounts = List.of();

    @Override
    public Integer call() {
        final PrintWriter printer = spec.commandLine().getOut();
        final NetworkPreset preset = NetworkPreset.fromLabel(network);
        final SchemeId schemeId = SchemeId.fromLabel(scheme);
        final SignatureScheme sigScheme = SignatureSchemes.of(schemeId);
        if (validators < 1 || validators > MAX_VALIDATORS) {
            throw new CommandException(CommandError.INVALID_ARGUMENT,
                "--validators must be 1.." + MAX_VALIDATORS + ", got " + validators);
        }
        checkPorts();
        final long stakeUnits = Amounts.parseTokens(stake);
        final Instant time = genesisTime();
        final boolean fixedSeeds = preset == NetworkPreset.DEVNET && !randomKeys;

        final KeystorePolicy policy = KeystorePolicy.DEFAULT;
        final KdfParams kdf = scryptN == null ? policy.defaults() : policy.defaults().withN(scryptN);
        policy.check(kdf);
        Keystore.checkHeap(kdf);
        prepareDirectory();

        final List<SigningKey> keys = new ArrayList<>();
        SigningKey treasury = null;
        char[] pw = null;
        try {
            for (int i = 0; i < validators; i++) {
                keys.add(fixedSeeds ? fromSeed(sigScheme, DevnetKeys.validatorSeed(i)) : sigScheme.generate(random));
            }
            // The treasury signs ordinary transfers, so it uses the default scheme.
            final SignatureScheme treasuryScheme = SignatureSchemes.of(SchemeId.ED25519);
            treasury = fixedSeeds ? fromSeed(treasuryScheme, DevnetKeys.treasurySeed()) : treasuryScheme.generate(random);

            final GenesisBuilder builder = Genesis.builder(preset).genesisTime(time);
            if (chainId != null) {
                builder.chainId(chainId);
            }
            for (int i = 0; i < validators; i++) {
                builder.validator("validator-" + i, schemeId, keys.get(i).publicKey(), stakeUnits,
                    new HostPort(host, p2pPort + i).toString());
            }
            if (!devnetLoadAccounts.isEmpty()) {
                if (!fixedSeeds) {
                    throw new CommandException(CommandError.INVALID_ARGUMENT,
                        "devnet load accounts need the fixed devnet seeds (no --random-keys, --network devnet)");
                }
                DevnetCommand.fundDevnetAccounts(builder, devnetLoadAccounts);
            }
            builder.remainderTo(treasury.address());
            final Genesis genesis = builder.build();

            pw = password(preset);
            final Path genesisFile = out.resolve("genesis.json");
            writePublic(genesisFile, GenesisJson.write(genesis));
            Keystore.write(out.resolve("treasury.key"), treasury, pw, kdf, random, force, policy);
            for (int i = 0; i < validators; i++) {
                final Path dir = out.resolve("validator-" + i);
                Files.createDirectories(dir);
                final Path keyFile = dir.resolve("validator.key");
                Keystore.write(keyFile, keys.get(i), pw, kdf, random, force, policy);
                final NodeConfig config = new NodeConfig("validator-" + i, preset.label(), genesis.chainId(),
                    genesisFile, genesis.hash(), keyFile,
                    password == null && preset == NetworkPreset.DEVNET ? out.resolve(PASSWORD_FILE) : passwordFileOption(),
                    password != null && password.variable != null ? password.variable : null,
                    new HostPort(host, p2pPort + i), new HostPort(host, rpcPort + i),
                    new HostPort(host, metricsPort + i), dir.resolve("data"));
                writePublic(dir.resolve("node.json"), config.toJson(dir));
            }
            report(printer, genesis, treasury, keys);
            return 0;
        } catch (final IOException e) {
            throw new CommandException(CommandError.IO, "cannot write into " + out + ": " + e.getMessage(), e);
        } finally {
            for (final SigningKey k : keys) {
                k.destroy();
            }
            if (treasury != null) {
                treasury.destroy();
            }
            if (pw != null) {
                Arrays.fill(pw, '\0');
            }
        }
    }

    private Path passwordFileOption() {
        return password != null && password.file != null ? password.file.toAbsolutePath() : null;
    }

    private static SigningKey fromSeed(final SignatureScheme scheme, final byte[] seed) {
        try {
            return scheme.fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * Devnet without a password option: a random password is written to DIR/password.txt (mode 600)
     * and the node configs point at it. Otherwise the password comes from the option or the terminal.
     */
    private char[] password(final NetworkPreset preset) {
        if (password == null && preset == NetworkPreset.DEVNET) {
            final byte[] raw = new byte[24];
            random.nextBytes(raw);
            final String generated = Hex.encode(raw);
            SecureFiles.writeAtomically(out.resolve(PASSWORD_FILE),
                (generated + "\n").getBytes(StandardCharsets.US_ASCII), force);
            return generated.toCharArray();
        }
        return PasswordOptions.sourceOf(password, spec.commandLine().getErr(), environment)
            .read("Password for the " + validators + " validator keystores and the treasury: ", true);
    }

    private Instant genesisTime() {
        if (genesisTime == null) {
            return clock.instant().truncatedTo(ChronoUnit.SECONDS);
        }
        try {
            return Instant.parse(genesisTime);
        } catch (final DateTimeParseException e) {
            throw new CommandException(CommandError.INVALID_ARGUMENT,
                "--genesis-time must be RFC 3339 UTC such as 2026-11-21T00:00:00Z, got '" + genesisTime + "'");
        }
    }

    private void checkPorts() {
        for (final int base : new int[] {p2pPort, rpcPort, metricsPort}) {
            if (base < 1 || base + validators - 1 > 65535) {
                throw new CommandException(CommandError.INVALID_ARGUMENT,
                    "ports " + base + ".." + (base + validators - 1) + " do not fit in 1..65535");
            }
        }
        final int[][] ranges = {{p2pPort, p2pPort + validators}, {rpcPort, rpcPort + validators},
            {metricsPort, metricsPort + validators}};
        for (int a = 0; a < ranges.length; a++) {
            for (int b = a + 1; b < ranges.length; b++) {
                if (ranges[a][0] < ranges[b][1] && ranges[b][0] < ranges[a][1]) {
                    throw new CommandException(CommandError.INVALID_ARGUMENT,
                        "the p2p, rpc and metrics port ranges overlap for " + validators + " validators");
                }
            }
        }
    }

    private void prepareDirectory() {
        try {
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new CommandException(CommandError.INVALID_ARGUMENT, out + " exists and is not a folder");
            }
            Files.createDirectories(out);
            try (var entries = Files.list(out)) {
                if (entries.findAny().isPresent() && !force) {
                    throw new CommandException(CommandError.DIRECTORY_NOT_EMPTY,
                        out + " is not empty; choose an empty folder or pass --force to replace our files in it");
                }
            }
        } catch (final IOException e) {
            throw new CommandException(CommandError.IO, "cannot create " + out + ": " + e.getMessage(), e);
        }
    }

    /** Writes a non-secret file atomically: a temp file in the same folder, synced, then renamed. */
    private static void writePublic(final Path target, final String content) throws IOException {
        final Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            // A temp file starts owner-only; genesis and node configs are not secret.
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            try (var ch = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void report(final PrintWriter w, final Genesis genesis, final SigningKey treasury,
                        final List<SigningKey> keys) {
        w.printf("network:      %s (chain id %d)%n", genesis.network().label(), genesis.chainId());
        w.printf("genesis:      %s%n", out.resolve("genesis.json"));
        w.printf("genesis hash: %s%n", genesis.hash().toHex());
        w.printf("treasury:     %s (%s tokens)%n", treasury.address().toHex(),
            Amounts.formatTokens(genesis.totalSupply() - genesis.totalStake()));
        for (int i = 0; i < keys.size(); i++) {
            w.printf("validator-%d:  %s  %s  p2p %s%n", i, keys.get(i).address().toHex(), scheme,
                new HostPort(host, p2pPort + i));
        }
        if (password == null && genesis.network() == NetworkPreset.DEVNET) {
            w.printf("keystores are encrypted with the password in %s%n", out.resolve(PASSWORD_FILE));
        }
        if (genesis.network() == NetworkPreset.DEVNET && !randomKeys) {
            w.println("devnet keys come from fixed public seeds: never use them for anything of value");
        }
        w.flush();
    }
}
