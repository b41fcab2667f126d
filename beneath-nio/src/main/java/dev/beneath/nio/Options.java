package dev.beneath.nio;

import java.nio.file.CopyOption;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/** The java.nio option arguments, checked the way the default provider checks them. */
final class Options {
    private Options() {
    }

    /** False when {@link LinkOption#NOFOLLOW_LINKS} is among {@code options}. */
    static boolean follow(LinkOption... options) {
        boolean follow = true;
        for (LinkOption o : options) {
            if (Objects.requireNonNull(o, "option") == LinkOption.NOFOLLOW_LINKS) {
                follow = false;
            } else {
                throw new UnsupportedOperationException("unsupported link option: " + o);
            }
        }
        return follow;
    }

    /** The copy and move options, each one a flag. */
    record Copy(boolean replace, boolean copyAttributes, boolean atomic, boolean follow) {
        static Copy of(CopyOption... options) {
            boolean replace = false;
            boolean attributes = false;
            boolean atomic = false;
            boolean follow = true;
            for (CopyOption o : options) {
                Objects.requireNonNull(o, "option");
                if (o == StandardCopyOption.REPLACE_EXISTING) {
                    replace = true;
                } else if (o == StandardCopyOption.COPY_ATTRIBUTES) {
                    attributes = true;
                } else if (o == StandardCopyOption.ATOMIC_MOVE) {
                    atomic = true;
                } else if (o == LinkOption.NOFOLLOW_LINKS) {
                    follow = false;
                } else {
                    throw new UnsupportedOperationException("unsupported copy option: " + o);
                }
            }
            return new Copy(replace, attributes, atomic, follow);
        }
    }
}
