package dev.clausegraph.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community embedded with Bolt on loopback, for Clausegraph's local default and tests.
 *
 * <p>Usage: {@code Launcher --data DIR --port PORT [--password-file FILE] [--page-cache MB] [--no-stdin-watch]
 * [--warm-up]}. With {@code --password-file}, Bolt requires user {@code neo4j} with the password in FILE.
 * Prints exactly one line, {@code READY bolt://127.0.0.1:PORT}, on stdout once the default
 * database is available; everything else goes to stderr or to the logs under DIR. Stops on
 * SIGTERM/SIGINT and, unless {@code --no-stdin-watch}, when stdin reaches EOF (the parent died).
 * {@code --warm-up} runs a few throw-away queries before READY, for the run that records the
 * JVM class archive (loading Cypher's classes is most of a first query's cost).
 */
public final class Launcher {
    static final String HOST = "127.0.0.1";
    static final String DATABASE = "neo4j";
    static final int EXIT_USAGE = 2;
    static final int EXIT_PORT_IN_USE = 3;
    static final int EXIT_FAILED = 1;

    /** Counted down once start-up has succeeded or failed, so the shutdown hook never races it. */
    private static final CountDownLatch STARTUP_SETTLED = new CountDownLatch(1);
    private static volatile DatabaseManagementService service;

    private Launcher() {}

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("clausegraph-neo4j: " + e.getMessage());
            System.err.println(
                    "usage: Launcher --data DIR --port PORT [--password-file FILE] [--page-cache MB]"
                            + " [--no-stdin-watch] [--warm-up]");
            System.exit(EXIT_USAGE);
            return;
        }

        // Keep stdout for the READY line only: libraries that print go to stderr instead.
        PrintStream readyOut = System.out;
        System.setOut(System.err);

        if (!portFree(options.port)) {
            System.err.println(portInUseMessage(options.port));
            System.exit(EXIT_PORT_IN_USE);
            return;
        }

        Runtime.getRuntime().addShutdownHook(new Thread(Launcher::shutdown, "clausegraph-neo4j-stop"));
        if (options.watchStdin) {
            Thread watcher = new Thread(Launcher::exitOnStdinEof, "clausegraph-neo4j-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }

        long started = System.nanoTime();
        int failure = 0;
        try {
            Files.createDirectories(options.data);
            String password = options.passwordFile == null ? null : Passwords.read(options.passwordFile);
            if (password != null) {
                Passwords.writeInitialUser(options.data, password);
            }
            service = build(options, password != null);
            GraphDatabaseService db = service.database(DATABASE);
            if (!db.isAvailable(TimeUnit.MINUTES.toMillis(5))) {
                throw new IllegalStateException("database '" + DATABASE + "' did not become available");
            }
            if (password != null) {
                Passwords.apply(service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
            }
            if (options.warmUp) {
                warmUp(db);
            }
        } catch (Throwable e) {
            if (hasCause(e, BindException.class)) {
                // Another process took the port between our check and Neo4j's bind.
                System.err.println(portInUseMessage(options.port));
                failure = EXIT_PORT_IN_USE;
            } else {
                System.err.println("clausegraph-neo4j: Neo4j failed to start: " + e);
                e.printStackTrace(System.err);
                failure = EXIT_FAILED;
            }
        } finally {
            STARTUP_SETTLED.countDown();
        }
        if (failure != 0) {
            System.exit(failure);
        }

        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.err.println("clausegraph-neo4j: database '" + DATABASE + "' available in " + millis
                + " ms (data in " + options.data + ")");
        readyOut.println("READY bolt://" + HOST + ":" + options.port);
        readyOut.flush();

        // Nothing left for the main thread: the shutdown hook ends the process.
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static DatabaseManagementService build(Options options, boolean authEnabled) {
        return new DatabaseManagementServiceBuilder(options.data)
                .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(HOST))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, options.port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, options.port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                // Even on loopback another local user could connect: with a password file, Bolt asks for it.
                .setConfig(GraphDatabaseSettings.auth_enabled, authEnabled)
                .setConfig(GraphDatabaseSettings.initial_default_database, DATABASE)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(options.pageCacheMb))
                .setConfig(
                        GraphDatabaseSettings.tx_state_memory_allocation,
                        GraphDatabaseSettings.TransactionStateMemoryAllocation.ON_HEAP)
                // Allocating 256 MiB of transaction log up front costs start time and disk for nothing here.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Netty's default 5 s quiet period per event loop group made every stop take ~10 s.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();
    }

    private static void warmUp(GraphDatabaseService db) {
        try (Transaction tx = db.beginTx()) {
            tx.execute("RETURN 1 AS one").close();
            tx.execute("MATCH (n:WarmUp {id: $id})-[r:WARMS]->(m) RETURN n, r, m", Map.of("id", "x")).close();
            tx.execute(
                    "UNWIND $rows AS row MERGE (n:WarmUp {id: row.id}) SET n += row "
                            + "WITH n MATCH (m:WarmUp) WHERE m.id <> n.id MERGE (n)-[:WARMS]->(m)",
                    Map.of("rows", List.of(Map.of("id", "a"), Map.of("id", "b"))))
                    .close();
            tx.rollback();
        }
    }

    private static void shutdown() {
        try {
            // A signal during start-up: let Neo4j finish starting, then stop it cleanly.
            STARTUP_SETTLED.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        DatabaseManagementService toStop = service;
        service = null;
        if (toStop == null) {
            return;
        }
        System.err.println("clausegraph-neo4j: stopping");
        try {
            toStop.shutdown();
            System.err.println("clausegraph-neo4j: stopped");
        } catch (Throwable e) {
            System.err.println("clausegraph-neo4j: error while stopping: " + e);
        }
    }

    /** The parent holds our stdin open; EOF means it closed it or died, so stop rather than linger. */
    private static void exitOnStdinEof() {
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) != -1) {
                // Input is ignored; only its end matters.
            }
        } catch (IOException e) {
            // A broken pipe is the same news as EOF.
        }
        System.err.println("clausegraph-neo4j: stdin closed, shutting down");
        System.exit(0);
    }

    private static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // Same option Neo4j's Netty server uses, so TIME_WAIT leftovers do not count as taken.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String portInUseMessage(int port) {
        return "clausegraph-neo4j: Bolt port " + port + " on " + HOST + " is already in use"
                + " (another Neo4j?). Stop it, or choose another port.";
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private record Options(
            Path data, int port, Path passwordFile, long pageCacheMb, boolean watchStdin, boolean warmUp) {
        static Options parse(String[] args) {
            Path data = null;
            Path passwordFile = null;
            Integer port = null;
            long pageCacheMb = 256;
            boolean watchStdin = true;
            boolean warmUp = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--data" -> data = Path.of(value(args, ++i, "--data")).toAbsolutePath();
                    case "--port" -> port = parseInt(value(args, ++i, "--port"), "--port");
                    case "--password-file" -> passwordFile =
                            Path.of(value(args, ++i, "--password-file")).toAbsolutePath();
                    case "--page-cache" -> pageCacheMb = parseInt(value(args, ++i, "--page-cache"), "--page-cache");
                    case "--no-stdin-watch" -> watchStdin = false;
                    case "--warm-up" -> warmUp = true;
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            if (data == null) {
                throw new IllegalArgumentException("--data DIR is required");
            }
            if (port == null) {
                throw new IllegalArgumentException("--port PORT is required");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--port must be between 1 and 65535, got " + port);
            }
            return new Options(data, port, passwordFile, pageCacheMb, watchStdin, warmUp);
        }

        private static String value(String[] args, int i, String flag) {
            if (i >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return args[i];
        }

        private static int parseInt(String text, String flag) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " needs a number, got '" + text + "'");
            }
        }
    }
}
