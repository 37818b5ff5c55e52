package dev.stagegate.benchmark.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Proves that the process {@code pg_backend_pid()} names on this machine is the backend of this very
 * connection, before anything touches it. The server's view of the connection (client port, server port)
 * must be a TCP socket this process holds, and the socket at the other end of it must be held by that pid.
 * A pooler or proxy in between (the server sees the pooler's port), a server on another machine or in
 * another container (its pid means another process here), or a Unix socket fail the proof: the backend is
 * then never pinned. The process title is not proof: it shows the server's peer, which is the pooler's.
 */
final class BackendProof {

    private BackendProof() {
    }

    /** Why the backend is not provably ours, in words for "not pinned: ...". */
    static final class NotOurs extends Exception {
        NotOurs(String why) {
            super(why);
        }
    }

    private record Socket(int localPort, int remotePort, long inode) {
    }

    static long backendOf(Connection c) throws NotOurs {
        long pid;
        Integer clientPort;
        Integer serverPort;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid(), inet_client_port(), inet_server_port()")) {
            rs.next();
            pid = rs.getLong(1);
            clientPort = (Integer) rs.getObject(2);
            serverPort = (Integer) rs.getObject(3);
        } catch (SQLException e) {
            throw new NotOurs("cannot ask the server for its backend: " + e.getMessage());
        }
        if (clientPort == null || serverPort == null) {
            throw new NotOurs("the server sees a Unix-socket connection (a pooler's, or ours), so its backend cannot be told from others");
        }
        List<Socket> sockets = sockets();
        if (sockets.isEmpty()) {
            throw new NotOurs("this system shows no TCP sockets (/proc/net/tcp): not Linux?");
        }
        Set<Long> mine = socketInodes(Path.of("/proc/self/fd"));
        int cp = clientPort;
        int sp = serverPort;
        if (sockets.stream().noneMatch(s -> s.localPort() == cp && s.remotePort() == sp && mine.contains(s.inode()))) {
            throw new NotOurs("the server sees this connection come from port " + cp + ", which is no socket of this fork: a pooler or proxy "
                    + "sits in between, or the server is on another machine");
        }
        Socket server = sockets.stream().filter(s -> s.localPort() == sp && s.remotePort() == cp).findFirst()
                .orElseThrow(() -> new NotOurs("the server end of this connection is not on this machine"));
        Set<Long> theirs;
        try {
            theirs = socketInodes(Path.of("/proc", String.valueOf(pid), "fd"));
        } catch (IllegalStateException e) {
            throw new NotOurs("the backend's sockets cannot be read (" + e.getMessage() + "): the server runs as another user, so it may not be "
                    + "pinned either");
        }
        if (!theirs.contains(server.inode())) {
            throw new NotOurs("process " + pid + " here does not hold the server end of this connection: the server runs in another "
                    + "container or on another machine");
        }
        return pid;
    }

    /** Every TCP socket of this machine's network namespace, IPv4 and IPv6. */
    private static List<Socket> sockets() {
        List<Socket> out = new ArrayList<>();
        for (String file : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(file));
                for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                    String[] f = line.strip().split("\\s+");
                    if (f.length > 9) {
                        out.add(new Socket(port(f[1]), port(f[2]), Long.parseLong(f[9])));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no such table (no IPv6): the other one may hold the connection
            }
        }
        return out;
    }

    private static int port(String hexAddress) {
        return Integer.parseInt(hexAddress.substring(hexAddress.lastIndexOf(':') + 1), 16);
    }

    /** The inodes of the sockets a process holds open (its fd links read {@code socket:[inode]}). */
    private static Set<Long> socketInodes(Path fdDir) {
        Set<Long> out = new HashSet<>();
        try (var fds = Files.list(fdDir)) {
            for (Path fd : fds.toList()) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        out.add(Long.parseLong(link.substring(8, link.length() - 1)));
                    }
                } catch (IOException e) {
                    // closed while we looked: not the connection, which stays open
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e.getClass().getSimpleName() + " on " + fdDir);
        }
        return out;
    }
}
