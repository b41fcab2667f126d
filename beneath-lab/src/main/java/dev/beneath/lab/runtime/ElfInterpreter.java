package dev.beneath.lab.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Tells a statically linked ELF executable from a dynamically linked one by looking for a
 * {@code PT_INTERP} program header: a busybox that needs a dynamic loader cannot run in a root
 * file system that holds nothing else.
 */
final class ElfInterpreter {
    private static final int PT_INTERP = 3;
    private static final int MAX_HEADERS = 4096;

    private ElfInterpreter() {
    }

    /** Whether {@code file} is an ELF executable that names a program interpreter. */
    static boolean needsInterpreter(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer ident = read(ch, 0, 64);
            if (ident.getInt(0) != 0x7f454c46) { // "\177ELF", read big-endian
                throw new IOException(file + " is not an ELF file");
            }
            boolean wide = ident.get(4) == 2;
            ident.order(ident.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            long phoff = wide ? ident.getLong(0x20) : Integer.toUnsignedLong(ident.getInt(0x1c));
            int phentsize = Short.toUnsignedInt(ident.getShort(wide ? 0x36 : 0x2a));
            int phnum = Short.toUnsignedInt(ident.getShort(wide ? 0x38 : 0x2c));
            if (phnum > MAX_HEADERS || phentsize < 4) {
                throw new IOException(file + ": implausible ELF program header table");
            }
            for (int i = 0; i < phnum; i++) {
                ByteBuffer header = read(ch, phoff + (long) i * phentsize, 4).order(ident.order());
                if (header.getInt(0) == PT_INTERP) {
                    return true;
                }
            }
            return false;
        }
    }

    private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw new IOException("ELF file ends early");
            }
        }
        return buf.flip();
    }
}
