package dev.beneath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Errors say what happened: a failed safety check is not an escape, and a two-path operation
 * names both paths the way the JDK does ({@code FileSystemException(file, other, reason)}).
 */
class TypedErrorsTest {
    @TempDir
    Path dir;

    @Test
    void aFailedSafetyCheckIsItsOwnTypeAndNoEscape() {
        IOException e = Failures.translate(
                SyscallException.safetyCheck(ErrnoNames.EXDEV, "reopen: procfs returned another object"), "a/b");
        SafetyCheckException s = assertInstanceOf(SafetyCheckException.class, e);
        assertFalse(e instanceof PathEscapeException);
        assertEquals("a/b", s.path());
        assertEquals(Errno.EXDEV, s.errno());
        assertTrue(s.getReason().contains("procfs returned another object"), s.getReason());
        assertNull(e.getCause(), "no internal exception as the visible cause");
        assertInstanceOf(PathEscapeException.class,
                Failures.translate(new SyscallException(ErrnoNames.EXDEV, "openat2"), "a/b"));
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void twoPathErrorsNameTheirPathsAsTheJdkDoes(Backend backend) throws IOException {
        Files.writeString(dir.resolve("from"), "a");
        Files.writeString(dir.resolve("to"), "b");
        try (Root root = Root.open(dir, backend)) {
            FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                    () -> root.rename("from", "to", RenameOption.NO_REPLACE));
            assertEquals("to", e.getFile());
            assertNull(e.getOtherFile(), "about the target alone, as Files.move says it");
            assertFalse(e.getMessage().contains("target: "), e.getMessage());
            NoSuchFileException missing = assertThrows(NoSuchFileException.class,
                    () -> root.rename("nothing", "to"));
            assertEquals("nothing", missing.getFile());
            assertEquals("to", missing.getOtherFile());
            FileSystemException link = assertThrows(FileAlreadyExistsException.class,
                    () -> root.createLink("to", "from"));
            assertEquals("to", link.getFile());
        }
    }
}
