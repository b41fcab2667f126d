package example.consumer;

import dev.beneath.FileType;
import dev.beneath.Handle;
import dev.beneath.PathError;
import dev.beneath.Root;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The lookup half of a static file server: a request path is looked up under the site's
 * directory, which the site's authors (not the server's operator) control. The site directory
 * acts as {@code /}: {@code ..} stops there, and a link the authors planted, absolute or
 * relative, is followed only as far as the site reaches. Only regular files are served, so a
 * fifo or a socket cannot hang or fail a worker.
 */
final class StaticFileServer implements AutoCloseable {

    /** What the server answers. */
    record Response(int status, byte[] body) {
        static Response of(int status, String text) {
            return new Response(status, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Root site;

    StaticFileServer(Path directory) throws IOException {
        this.site = Root.open(directory);
    }

    /** Serves {@code requestPath}: a regular file, or a directory's {@code index.html}. */
    Response get(String requestPath) {
        return serve(requestPath, true);
    }

    private Response serve(String requestPath, boolean orIndex) {
        try (Handle found = site.resolve(requestPath)) {
            if (found.type() == FileType.DIRECTORY && orIndex) {
                return serve(requestPath.endsWith("/") ? requestPath + "index.html" : requestPath + "/index.html", false);
            }
            if (found.type() != FileType.REGULAR_FILE) {
                return Response.of(403, "forbidden");
            }
            try (InputStream in = found.newInputStream()) {
                return new Response(200, in.readAllBytes());
            }
        } catch (NoSuchFileException | NotDirectoryException | FileSystemLoopException e) {
            return Response.of(404, "not found");
        } catch (IOException e) {
            // a typed refusal (EINVAL, ENAMETOOLONG, EACCES, ...) answers the request; anything
            // else is the server's own failure
            return Response.of(e instanceof PathError ? 403 : 500, "cannot serve it");
        }
    }

    @Override
    public void close() {
        site.close();
    }

    static void demonstrate(Path work, Expectations expect) throws IOException {
        Path secrets = Files.createDirectory(work.resolve("secrets"));
        Files.writeString(secrets.resolve("key.pem"), "the server's private key\n");
        Path directory = Files.createDirectory(work.resolve("site"));
        Files.writeString(directory.resolve("index.html"), "<h1>home</h1>\n");
        Files.createDirectories(directory.resolve("docs"));
        Files.writeString(directory.resolve("docs/guide.html"), "<h1>guide</h1>\n");
        // what the site's authors planted
        Files.createSymbolicLink(directory.resolve("root"), Path.of("/"));
        Files.createSymbolicLink(directory.resolve("key.pem"), secrets.resolve("key.pem").toAbsolutePath());
        Files.createSymbolicLink(directory.resolve("docs/key.pem"), Path.of("../../secrets/key.pem"));
        Files.createSymbolicLink(directory.resolve("latest"), Path.of("docs/guide.html"));
        Files.createSymbolicLink(directory.resolve("loop"), Path.of("loop"));
        bindSocket(directory.resolve("socket"));

        String[][] requests = {
            {"/", "200", "<h1>home</h1>\n"},
            {"/docs/guide.html", "200", "<h1>guide</h1>\n"},
            {"/docs/../index.html", "200", "<h1>home</h1>\n"},
            {"/latest", "200", "<h1>guide</h1>\n"},                   // a link that stays inside
            {"/../secrets/key.pem", "404", null},
            {"/../../../../../../etc/hostname", "404", null},
            {"/key.pem", "404", null},                                 // absolute link: read inside the site
            {"/docs/key.pem", "404", null},                            // relative link climbing out
            {"/root/etc/hostname", "404", null},                       // link to /: the site's own /
            {"/loop", "404", null},
            {"/socket", "403", null},
            {"/index.html\0.png", "403", null},                       // a NUL byte: EINVAL
        };
        try (StaticFileServer server = new StaticFileServer(directory)) {
            for (String[] request : requests) {
                Response response = server.get(request[0]);
                String body = new String(response.body(), StandardCharsets.UTF_8);
                boolean holds = response.status() == Integer.parseInt(request[1])
                        && (request[2] == null || body.equals(request[2]))
                        && !body.contains("private key");
                expect.that("GET " + Expectations.printable(request[0]) + " -> " + response.status(), holds);
            }
        }
    }

    /** A socket file: opening it for reading would fail or hang a naive server. */
    private static void bindSocket(Path path) throws IOException {
        try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.bind(UnixDomainSocketAddress.of(path));
        }
    }
}
