package dev.beneath.cli;

import dev.beneath.FileAttributes;
import dev.beneath.Handle;
import dev.beneath.ResolveOptions;
import dev.beneath.Root;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code beneath stat}: prints the attributes of what a path names inside a root. */
@Command(name = "stat",
        description = {
            "Print the attributes of what PATH names inside the root DIR, read from its descriptor.",
            "",
            "type, mode (octal, setuid/setgid/sticky included), size, uid, gid, inode, device "
                    + "(major:minor), links, mtime (UTC), mount id; one 'name: value' per line, or with "
                    + "--json {\"ok\":true,\"path\":P,\"type\":T,\"mode\":\"0644\",\"size\":N,\"uid\":N,"
                    + "\"gid\":N,\"inode\":N,\"device\":\"8:1\",\"links\":N,\"mtime\":ISO,\"mount_id\":N}.",
            ""})
final class StatCommand extends RootCommand {
    @Option(names = "--nofollow", description = "Describe a trailing symlink itself instead of its target.")
    boolean noFollow;

    @Parameters(paramLabel = "PATH", description = "What to describe inside the root.")
    String path;

    @Override
    void perform(Root root, Reply reply) throws IOException {
        FileAttributes a;
        try (Handle h = root.resolve(path, ResolveOptions.DEFAULT.withNoFollow(noFollow))) {
            a = h.attributes();
        }
        String device = major(a.device()) + ":" + minor(a.device());
        reply.put("path", path)
                .put("type", a.type().shortName())
                .put("mode", OptionConverters.octal(a.permissionBits()))
                .put("size", a.size())
                .put("uid", a.uid())
                .put("gid", a.gid())
                .put("inode", a.inode())
                .put("device", device)
                .put("links", a.linkCount())
                .put("mtime", a.lastModifiedTime().toString())
                .put("mount_id", a.mountId());
        line(reply, "path", PlainText.escape(path));
        line(reply, "type", a.type().shortName());
        line(reply, "mode", OptionConverters.octal(a.permissionBits()));
        line(reply, "size", a.size());
        line(reply, "uid", a.uid());
        line(reply, "gid", a.gid());
        line(reply, "inode", a.inode());
        line(reply, "device", device);
        line(reply, "links", a.linkCount());
        line(reply, "mtime", a.lastModifiedTime());
        line(reply, "mount id", a.mountId());
    }

    private static void line(Reply reply, String name, Object value) {
        reply.line(String.format("%-9s %s", name + ":", value));
    }

    /** The major number of a device encoded as the kernel's {@code makedev} does. */
    static long major(long dev) {
        return ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & 0xfffff000L);
    }

    /** The minor number of a device encoded as the kernel's {@code makedev} does. */
    static long minor(long dev) {
        return (dev & 0xffL) | ((dev >>> 12) & 0xffffff00L);
    }
}
