package example.consumer;

import static java.nio.file.StandardOpenOption.CREATE_NEW;

import dev.beneath.PathError;
import dev.beneath.PathEscapeException;
import dev.beneath.Root;
import dev.beneath.Scope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Extracts a zip archive someone uploaded into a directory. Entry names are untrusted (the
 * zip-slip names {@code ../../x} and {@code /x}), and so is the directory once extraction
 * starts (an earlier archive may have left a link to anywhere). Every entry is written through
 * one {@link Root} with {@link Scope#BENEATH}: a name or a link that would leave the directory
 * is refused and reported, the other entries are extracted.
 */
final class Unzip {
    /** An entry that was not extracted, and why. */
    record Refusal(String name, IOException reason) {
    }

    private Unzip() {
    }

    /**
     * Extracts {@code zip} into {@code into}, whatever options that root was opened with:
     * the entries are written through a {@link Scope#BENEATH} view of it. Returns the entries
     * refused.
     */
    static List<Refusal> extract(InputStream zip, Root into) throws IOException {
        List<Refusal> refused = new ArrayList<>();
        try (Root confined = into.withOptions(into.options().withScope(Scope.BENEATH));
             ZipInputStream entries = new ZipInputStream(zip)) {
            for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
                try {
                    extract(entry, entries, confined);
                } catch (IOException e) {
                    if (!(e instanceof PathError)) {
                        throw e; // reading the archive failed: stop
                    }
                    refused.add(new Refusal(entry.getName(), e));
                }
            }
        }
        return refused;
    }

    private static void extract(ZipEntry entry, InputStream content, Root into) throws IOException {
        String name = entry.getName();
        if (entry.isDirectory()) {
            into.mkdirAll(name, 0750).close();
            return;
        }
        int slash = name.lastIndexOf('/');
        if (slash > 0) {
            into.mkdirAll(name.substring(0, slash), 0750).close();
        }
        try (OutputStream out = into.newOutputStream(name, CREATE_NEW)) {
            content.transferTo(out);
        }
    }

    static void demonstrate(Path work, Expectations expect) throws IOException {
        Path outside = Files.createDirectory(work.resolve("outside"));
        Path target = Files.createDirectory(work.resolve("extracted"));
        // left by an earlier archive
        Files.createSymbolicLink(target.resolve("assets"), outside.toAbsolutePath());
        Files.createSymbolicLink(target.resolve("shared"), Path.of("../outside"));

        byte[] archive = zip(
                "docs/", "docs/readme.txt", "docs/img/logo.svg",
                "../../evil.txt", "docs/../../evil.txt", "/evil.txt",
                "assets/evil.txt", "shared/evil.txt", "top.txt");
        List<Refusal> refused;
        try (Root into = Root.open(target)) { // IN_ROOT: extract narrows it to BENEATH
            refused = extract(new ByteArrayInputStream(archive), into);
        }
        for (Refusal r : refused) {
            System.out.println("        refused " + r.name() + ": " + Expectations.describe(r.reason()));
        }
        expect.that("docs/readme.txt extracted", Files.readString(target.resolve("docs/readme.txt")).equals("docs/readme.txt"));
        expect.that("docs/img/logo.svg extracted", Files.isRegularFile(target.resolve("docs/img/logo.svg")));
        List<String> escapes = List.of("../../evil.txt", "docs/../../evil.txt", "/evil.txt", "assets/evil.txt", "shared/evil.txt");
        expect.that("top.txt extracted", Files.isRegularFile(target.resolve("top.txt")));
        expect.that("every zip-slip name and planted link refused as an escape",
                refused.stream().map(Refusal::name).toList().equals(escapes)
                && refused.stream().allMatch(r -> r.reason() instanceof PathEscapeException));
        expect.that("no escape remapped inside", Files.notExists(target.resolve("evil.txt")));
        try (Stream<Path> written = Files.list(outside)) {
            expect.that("nothing written outside the directory", written.findAny().isEmpty());
        }
        expect.that("nothing written beside it", Files.notExists(work.resolve("evil.txt"))
                && Files.notExists(work.getParent().resolve("evil.txt")));
    }

    /** An archive whose every file holds its own name. */
    private static byte[] zip(String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : names) {
                ZipEntry entry = new ZipEntry(name);
                zip.putNextEntry(entry);
                if (!name.endsWith("/")) {
                    zip.write(name.getBytes(StandardCharsets.UTF_8));
                }
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
