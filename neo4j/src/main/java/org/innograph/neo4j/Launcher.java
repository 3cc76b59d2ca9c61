package org.innograph.neo4j;

import java.io.IOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Result;

/**
 * Runs Neo4j community embedded, with its Bolt connector on 127.0.0.1, until SIGTERM.
 *
 * Started by graph/neo4j_local.py, which reads this process's output: one line
 * "INNOGRAPH-READY bolt=PORT" once the database answers, or one line "INNOGRAPH-FAILED kind=KIND ..."
 * before a non-zero exit, KIND naming the cause (store-locked, port-taken, database-failed, error).
 * The password is read from a file (never argv, which `ps` shows). SIGTERM runs the shutdown hook,
 * which shuts the DBMS down cleanly (checkpoint, store unlocked).
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] argv) {
        Map<String, String> args = parse(argv);
        Path home = Path.of(args.get("home")).toAbsolutePath();
        String database = args.getOrDefault("database", "neo4j");
        int boltPort = Integer.parseInt(args.get("bolt-port"));
        DatabaseManagementService dbms;
        String password;
        try {
            password = Files.readString(Path.of(args.get("password-file")), StandardCharsets.UTF_8).strip();
            dbms = new DatabaseManagementServiceBuilder(home)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", boltPort))
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    .setConfig(GraphDatabaseSettings.initial_default_database, database)
                    .setConfig(GraphDatabaseSettings.pagecache_memory,
                            Long.parseLong(args.getOrDefault("page-cache-mb", "128")) << 20)
                    // a local store: keep two transaction-log files, not two days' worth
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                    .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, 64L << 20)
                    .setConfig(GraphDatabaseSettings.udc_enabled, false) // no usage reports from a closed network
                    // LOAD CSV is a read clause, allowed in READ transactions: with no import directory an
                    // embedded server would read any file the user can; nothing of ours loads files by Cypher
                    .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                    // transaction timeouts are checked this often (default 2 s): a timed-out read stops promptly
                    .setConfig(GraphDatabaseSettings.transaction_monitor_check_interval, Duration.ofMillis(200))
                    .build();
        } catch (Throwable error) {
            fail(kindOf(error), error);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            System.out.println("INNOGRAPH-STOPPED");
            System.out.flush();
            stopped.countDown();
        }, "innograph-shutdown"));
        try {
            // beside the store (data/), so a store moved or deleted takes the record with it
            setPassword(dbms, password, home.resolve("data").resolve("innograph-password.sha256"));
            GraphDatabaseService db = dbms.database(database);
            long deadline = System.currentTimeMillis() + Long.parseLong(args.getOrDefault("start-timeout-ms", "120000"));
            while (!db.isAvailable(250)) {
                // a database that failed to start stays unavailable: say why at once instead of waiting
                String[] status = databaseStatus(dbms, database);
                if (!status[0].equals("online") && !status[1].isEmpty() || System.currentTimeMillis() > deadline) {
                    System.out.println("INNOGRAPH-FAILED kind=database-failed database=" + database + " status="
                            + status[0] + " message=" + oneLine(status[1]));
                    System.out.flush();
                    Runtime.getRuntime().halt(3); // the store of a failed database is not open: nothing to flush
                }
            }
        } catch (Throwable error) {
            System.out.println("INNOGRAPH-FAILED kind=database-failed " + oneLine(describe(error)));
            System.out.flush();
            dbms.shutdown();
            Runtime.getRuntime().halt(3);
        }
        System.out.println("INNOGRAPH-READY bolt=" + boltPort);
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The password of the user neo4j: set on a new store, and again only when the password file changed
     * (a SHA-256 of the applied password is kept in the store's data directory, readable by the user only),
     * so a restart runs no Cypher for it. A new store (data/ removed) has no record and gets the password.
     */
    private static void setPassword(DatabaseManagementService dbms, String password, Path applied) throws IOException {
        String digest = sha256(password);
        if (Files.exists(applied) && Files.readString(applied, StandardCharsets.UTF_8).strip().equals(digest)) {
            return;
        }
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException error) {
            if (!describe(error).contains("Old password and new password cannot be the same")) {
                throw error;
            }
        }
        Files.deleteIfExists(applied);
        Files.createFile(applied, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(applied, digest + "\n", StandardCharsets.UTF_8);
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : hash) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The database's current status and status message, as SHOW DATABASE reports them. */
    private static String[] databaseStatus(DatabaseManagementService dbms, String database) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        return system.executeTransactionally(
                "SHOW DATABASE $name YIELD currentStatus, statusMessage", Map.of("name", database),
                (Result result) -> {
                    if (!result.hasNext()) {
                        return new String[] {"missing", "no such database"};
                    }
                    Map<String, Object> row = result.next();
                    Object message = row.get("statusMessage");
                    return new String[] {String.valueOf(row.get("currentStatus")), message == null ? "" : message.toString()};
                });
    }

    private static String kindOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (name.equals("FileLockException")) {
                return "store-locked";
            }
            if (t instanceof BindException || name.equals("PortBindException")) {
                return "port-taken";
            }
            if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains("No space left")) {
                return "disk-full";
            }
        }
        return "error";
    }

    private static void fail(String kind, Throwable error) {
        System.out.println("INNOGRAPH-FAILED kind=" + kind + " " + oneLine(describe(error)));
        error.printStackTrace(System.out);
        System.out.flush();
        System.exit(kind.equals("error") ? 2 : 3);
    }

    /** Every message of the cause chain, outermost first. */
    private static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (text.length() > 0) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
            if (t.getCause() == t) {
                break;
            }
        }
        return text.toString();
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    private static Map<String, String> parse(String[] argv) {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + argv[i]);
            }
            args.put(argv[i].substring(2), argv[i + 1]);
        }
        for (String required : new String[] {"home", "bolt-port", "password-file"}) {
            if (!args.containsKey(required)) {
                throw new IllegalArgumentException("missing --" + required);
            }
        }
        return args;
    }
}
