package example.consumer;

import static java.nio.file.StandardOpenOption.CREATE_NEW;

import dev.beneath.Errno;
import dev.beneath.PathEscapeException;
import dev.beneath.ResolveOptions;
import dev.beneath.Root;
import dev.beneath.Scope;
import dev.beneath.subpath.SubPathException;
import dev.beneath.subpath.SubPathMounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Stores uploaded files under the names clients choose. A name is untrusted: it may climb
 * ({@code ../../x}), be absolute, or lead through a link another client planted. Such a name is
 * refused ({@link Scope#BENEATH}: {@link PathEscapeException}), never quietly stored somewhere
 * else inside, and an existing file is never replaced.
 */
final class UploadHandler implements AutoCloseable {
    private final Root uploads;

    UploadHandler(Path directory) throws IOException {
        // every operation of this root refuses to leave it
        this.uploads = Root.open(directory, ResolveOptions.DEFAULT.withScope(Scope.BENEATH));
    }

    /** Stores {@code body} as {@code name}, creating the missing directories on the way. */
    void store(String name, byte[] body) throws IOException {
        int slash = name.lastIndexOf('/');
        if (slash > 0) {
            uploads.mkdirAll(name.substring(0, slash), 0750).close();
        }
        uploads.write(name, body, CREATE_NEW);
    }

    @Override
    public void close() {
        uploads.close();
    }

    static void demonstrate(Path work, Expectations expect) throws IOException {
        Path outside = Files.createDirectory(work.resolve("outside"));
        Path directory = Files.createDirectory(work.resolve("uploads"));
        // planted by earlier uploads of an archive, or by another tenant with a shell
        Files.createSymbolicLink(directory.resolve("mallory"), outside.toAbsolutePath());
        Files.createSymbolicLink(directory.resolve("shortcut"), Path.of("../outside"));
        Files.createSymbolicLink(directory.resolve("notes.txt"), Path.of("../outside/notes.txt"));
        byte[] body = "quarterly figures\n".getBytes(StandardCharsets.UTF_8);

        try (UploadHandler handler = new UploadHandler(directory)) {
            handler.store("report.pdf", body);
            expect.that("report.pdf stored", Arrays.equals(Files.readAllBytes(directory.resolve("report.pdf")), body));
            handler.store("2026/q1/report.pdf", body);
            expect.that("2026/q1/report.pdf stored, its directories made",
                    Files.isRegularFile(directory.resolve("2026/q1/report.pdf")));

            for (String hostile : new String[] {"../../x", "../x", "2026/../../x", "/x", "mallory/x", "shortcut/x"}) {
                expect.refused("upload " + hostile, PathEscapeException.class, Errno.EXDEV, () -> handler.store(hostile, body));
            }
            expect.that("../../x not remapped to uploads/x", Files.notExists(directory.resolve("x")));
            expect.refused("upload notes.txt (a link out)", FileAlreadyExistsException.class, null,
                    () -> handler.store("notes.txt", body));
            expect.refused("upload report.pdf again", FileAlreadyExistsException.class, Errno.EEXIST,
                    () -> handler.store("report.pdf", body));
        }

        // a per-user directory made with beneath-subpath's safeMakeDir
        SubPathMounter subpaths = new SubPathMounter();
        subpaths.safeMakeDir("users/alice/incoming", directory, 0750);
        expect.that("safeMakeDir users/alice/incoming", Files.isDirectory(directory.resolve("users/alice/incoming")));
        try {
            subpaths.safeMakeDir("mallory/incoming", directory, 0750);
            expect.that("safeMakeDir mallory/incoming: refused (it was not)", false);
        } catch (SubPathException e) {
            expect.that("safeMakeDir mallory/incoming: refused, \"" + e.getMessage() + "\"", true);
        }
        try (Stream<Path> written = Files.list(outside)) {
            expect.that("nothing written outside the upload directory", written.findAny().isEmpty());
        }
    }
}
