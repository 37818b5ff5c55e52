package dev.stagegate.reporting.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stagegate.core.evidence.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a page in Debian's headless Chromium and watches it through the DevTools protocol: every
 * request the page makes, every console message, script error and log error (a blocked load under
 * the page's Content-Security-Policy is one), and a screenshot once it has loaded. The browser's own
 * background traffic is not the page's and is not counted: only the page's session is watched.
 */
final class HeadlessChromium {

    /** What the page did. {@code requests} excludes the page's own URL. */
    record Visit(List<String> requests, List<String> consoleErrors, byte[] screenshot) {
    }

    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking");

    static Path binary() {
        for (String p : List.of(System.getenv().getOrDefault("CHROMIUM", ""), "/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (!p.isEmpty() && Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    static Visit visit(Path page) throws Exception {
        Path profile = Files.createTempDirectory("sg-chromium");
        List<String> cmd = new ArrayList<>();
        cmd.add(binary().toString());
        cmd.addAll(FLAGS);
        cmd.addAll(List.of("--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1280,2000", "about:blank"));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String ws = devtoolsUrl(p);
            return new Session(ws).visit(page.toUri().toString());
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** Chromium prints {@code DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID} on stderr. */
    private static String devtoolsUrl(Process p) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        Pattern ws = Pattern.compile("DevTools listening on (ws://\\S+)");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        while (System.nanoTime() < end && (line = err.readLine()) != null) {
            Matcher m = ws.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        err.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the browser ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        throw new IOException("chromium did not print its DevTools address");
    }

    /** One DevTools connection: commands by id, events into lists. */
    private static final class Session implements WebSocket.Listener {
        private final WebSocket socket;
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final List<JsonNode> events = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Void> loaded = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        Session(String url) {
            socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), this).join();
        }

        Visit visit(String url) throws Exception {
            String target = call(null, "Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
            String session = call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true)).path("sessionId").asText();
            for (String domain : List.of("Network", "Runtime", "Log", "Page")) {
                call(session, domain + ".enable", Map.of());
            }
            call(session, "Page.navigate", Map.of("url", url));
            loaded.get(30, TimeUnit.SECONDS);
            Thread.sleep(500); // a request started by the load event itself
            String png = call(session, "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true)).path("data").asText();
            List<String> requests = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (JsonNode e : events) {
                if (!session.equals(e.path("sessionId").asText())) {
                    continue;
                }
                JsonNode params = e.path("params");
                switch (e.path("method").asText()) {
                    case "Network.requestWillBeSent" -> {
                        String u = params.path("request").path("url").asText();
                        if (!u.equals(url) && !u.startsWith("data:")) {
                            requests.add(u);
                        }
                    }
                    case "Runtime.consoleAPICalled" -> errors.add("console." + params.path("type").asText() + ": " + params.path("args"));
                    case "Runtime.exceptionThrown" -> errors.add("exception: " + params.path("exceptionDetails"));
                    case "Log.entryAdded" -> {
                        String level = params.path("entry").path("level").asText();
                        if (level.equals("error") || level.equals("warning")) {
                            errors.add("log " + level + ": " + params.path("entry").path("text").asText());
                        }
                    }
                    default -> {
                    }
                }
            }
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            return new Visit(requests, errors, Base64.getDecoder().decode(png));
        }

        private JsonNode call(String session, String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            ObjectNode msg = Json.mapper().createObjectNode();
            msg.put("id", id);
            msg.put("method", method);
            msg.set("params", Json.mapper().valueToTree(params));
            if (session != null) {
                msg.put("sessionId", session);
            }
            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            pending.put(id, reply);
            socket.sendText(Json.mapper().writeValueAsString(msg), true).join();
            JsonNode r = reply.get(30, TimeUnit.SECONDS);
            if (r.has("error")) {
                throw new IOException(method + ": " + r.get("error"));
            }
            return r.path("result");
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode m = Json.mapper().readTree(partial.toString());
                    if (m.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                        if (f != null) {
                            f.complete(m);
                        }
                    } else {
                        events.add(m);
                        if (m.path("method").asText().equals("Page.loadEventFired")) {
                            loaded.complete(null);
                        }
                    }
                } catch (IOException e) {
                    loaded.completeExceptionally(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }
}
