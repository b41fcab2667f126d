package dev.beneath.nio;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Statx;
import java.io.IOException;
import java.nio.file.ProviderMismatchException;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The attribute views {@code basic}, {@code owner}, {@code posix} and {@code unix}, with the
 * JDK's attribute names. Every read is one {@code statx} on the resolved descriptor; every
 * change acts on the resolved inode (a link itself with {@code NOFOLLOW_LINKS}).
 */
final class Attributes {
    static final Set<String> VIEWS = Set.of("basic", "owner", "posix", "unix");

    private static final List<String> BASIC = List.of("lastModifiedTime", "lastAccessTime", "creationTime", "size",
            "isRegularFile", "isDirectory", "isSymbolicLink", "isOther", "fileKey");
    private static final List<String> OWNER = List.of("owner");
    private static final List<String> POSIX = concat(BASIC, List.of("permissions", "owner", "group"));
    private static final List<String> UNIX = concat(POSIX, List.of("mode", "ino", "dev", "rdev", "nlink", "uid",
            "gid", "ctime"));

    private Attributes() {
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    /** The exact mode a {@code posix:permissions} creation attribute asks for, or null. */
    static Integer creationMode(FileAttribute<?>... attrs) {
        Integer mode = null;
        for (FileAttribute<?> a : attrs) {
            if (!Objects.requireNonNull(a).name().equals("posix:permissions")) {
                throw new UnsupportedOperationException("'" + a.name() + "' not supported as initial attribute");
            }
            mode = modeOf(permissionSet(a.value()));
        }
        return mode;
    }

    @SuppressWarnings("unchecked")
    private static Set<PosixFilePermission> permissionSet(Object value) {
        return (Set<PosixFilePermission>) value;
    }

    static int modeOf(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 0400 >> Objects.requireNonNull(p).ordinal();
        }
        return mode;
    }

    /** The attributes one {@code statx} reported, as java.nio's posix attributes plus the unix fields. */
    record Snapshot(Statx st) implements PosixFileAttributes {
        @Override
        public FileTime lastModifiedTime() {
            return RootFiles.time(st.mtimeSeconds(), st.mtimeNanos());
        }

        @Override
        public FileTime lastAccessTime() {
            return RootFiles.time(st.atimeSeconds(), st.atimeNanos());
        }

        @Override
        public FileTime creationTime() {
            return (st.mask() & Linux.STATX_BTIME) != 0 ? RootFiles.time(st.btimeSeconds(), st.btimeNanos())
                    : lastModifiedTime();
        }

        private int type() {
            return st.mode() & Linux.S_IFMT;
        }

        @Override
        public boolean isRegularFile() {
            return type() == Linux.S_IFREG;
        }

        @Override
        public boolean isDirectory() {
            return type() == Linux.S_IFDIR;
        }

        @Override
        public boolean isSymbolicLink() {
            return type() == Linux.S_IFLNK;
        }

        @Override
        public boolean isOther() {
            return !isRegularFile() && !isDirectory() && !isSymbolicLink();
        }

        @Override
        public long size() {
            return st.size();
        }

        @Override
        public Object fileKey() {
            return new FileKey(st.dev(), st.ino());
        }

        @Override
        public UserPrincipal owner() {
            return Principals.user(st.uid());
        }

        @Override
        public GroupPrincipal group() {
            return Principals.group(st.gid());
        }

        @Override
        public Set<PosixFilePermission> permissions() {
            Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
            for (PosixFilePermission p : PosixFilePermission.values()) {
                if ((st.mode() & (0400 >> p.ordinal())) != 0) {
                    perms.add(p);
                }
            }
            return perms;
        }

        Object unix(String name) {
            return switch (name) {
                case "mode" -> st.mode();
                case "ino" -> st.ino();
                case "dev" -> st.dev();
                case "rdev" -> st.rdev();
                case "nlink" -> st.nlink();
                case "uid" -> st.uid();
                case "gid" -> st.gid();
                case "ctime" -> RootFiles.time(st.ctimeSeconds(), st.ctimeNanos());
                default -> throw new IllegalArgumentException("'" + name + "' not recognized");
            };
        }
    }

    /** Device and inode: equal for two paths to the same object. */
    record FileKey(long dev, long ino) {
        @Override
        public String toString() {
            return "(dev=" + Long.toHexString(dev) + ",ino=" + ino + ")";
        }
    }

    static Snapshot snapshot(BeneathPath p, boolean follow) throws IOException {
        return new Snapshot(p.getFileSystem().operations().stat(p, follow));
    }

    /** The operations a view acts through: a directory stream's own root, or the file system's. */
    private static RootFiles files(RootFiles bound, BeneathPath p) {
        return bound != null ? bound : p.getFileSystem().operations();
    }

    @SuppressWarnings("unchecked")
    static <A extends BasicFileAttributes> A read(BeneathPath p, Class<A> type, boolean follow) throws IOException {
        Objects.requireNonNull(type, "type");
        if (type != BasicFileAttributes.class && type != PosixFileAttributes.class) {
            p.getFileSystem().ensureOpen();
            throw new UnsupportedOperationException("attributes of type " + type.getName() + " are not offered");
        }
        return (A) snapshot(p, follow);
    }

    static Map<String, Object> read(BeneathPath p, String attributes, boolean follow) throws IOException {
        int colon = attributes.indexOf(':');
        String view = colon < 0 ? "basic" : attributes.substring(0, colon);
        String names = colon < 0 ? attributes : attributes.substring(colon + 1);
        List<String> known = switch (view) {
            case "basic" -> BASIC;
            case "owner" -> OWNER;
            case "posix" -> POSIX;
            case "unix" -> UNIX;
            default -> throw new UnsupportedOperationException("View '" + view + "' not available");
        };
        List<String> wanted = List.of(names.split(","));
        for (String n : wanted) {
            if (!n.equals("*") && !known.contains(n)) {
                throw new IllegalArgumentException("'" + n + "' not recognized");
            }
        }
        Snapshot a = snapshot(p, follow);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String n : wanted.contains("*") ? known : wanted) {
            out.put(n, value(a, n));
        }
        return out;
    }

    private static Object value(Snapshot a, String name) {
        return switch (name) {
            case "lastModifiedTime" -> a.lastModifiedTime();
            case "lastAccessTime" -> a.lastAccessTime();
            case "creationTime" -> a.creationTime();
            case "size" -> a.size();
            case "isRegularFile" -> a.isRegularFile();
            case "isDirectory" -> a.isDirectory();
            case "isSymbolicLink" -> a.isSymbolicLink();
            case "isOther" -> a.isOther();
            case "fileKey" -> a.fileKey();
            case "permissions" -> a.permissions();
            case "owner" -> a.owner();
            case "group" -> a.group();
            default -> a.unix(name);
        };
    }

    static void set(BeneathPath p, String attribute, Object value, boolean follow) throws IOException {
        int colon = attribute.indexOf(':');
        String view = colon < 0 ? "basic" : attribute.substring(0, colon);
        String name = colon < 0 ? attribute : attribute.substring(colon + 1);
        if (!VIEWS.contains(view)) {
            throw new UnsupportedOperationException("View '" + view + "' not available");
        }
        PosixView v = new PosixView(null, p, follow, view);
        boolean posix = view.equals("posix") || view.equals("unix");
        switch (name) {
            case "lastModifiedTime" -> requireView(!view.equals("owner"), name, () -> v.setTimes((FileTime) value, null, null));
            case "lastAccessTime" -> requireView(!view.equals("owner"), name, () -> v.setTimes(null, (FileTime) value, null));
            case "creationTime" -> requireView(!view.equals("owner"), name, () -> v.setTimes(null, null, (FileTime) value));
            case "permissions" -> requireView(posix, name, () -> v.setPermissions(permissionSet(value)));
            case "owner" -> requireView(posix || view.equals("owner"), name, () -> v.setOwner((UserPrincipal) value));
            case "group" -> requireView(posix, name, () -> v.setGroup((GroupPrincipal) value));
            case "mode" -> requireView(view.equals("unix"), name,
                    () -> p.getFileSystem().operations().setMode(p, follow, (Integer) value));
            case "uid" -> requireView(view.equals("unix"), name,
                    () -> p.getFileSystem().operations().setOwner(p, follow, (Integer) value, -1));
            case "gid" -> requireView(view.equals("unix"), name,
                    () -> p.getFileSystem().operations().setOwner(p, follow, -1, (Integer) value));
            default -> throw new IllegalArgumentException("'" + attribute + "' not recognized");
        }
    }

    private interface Change {
        void run() throws IOException;
    }

    private static void requireView(boolean ok, String name, Change change) throws IOException {
        if (!ok) {
            throw new IllegalArgumentException("'" + name + "' not recognized");
        }
        change.run();
    }

    static <V extends FileAttributeView> V view(BeneathPath p, Class<V> type, boolean follow) {
        return view(null, p, type, follow);
    }

    /** A view acting through {@code bound} (null: the path's file system). */
    @SuppressWarnings("unchecked")
    static <V extends FileAttributeView> V view(RootFiles bound, BeneathPath p, Class<V> type, boolean follow) {
        Objects.requireNonNull(type, "type");
        String name = type == BasicFileAttributeView.class ? "basic"
                : type == PosixFileAttributeView.class ? "posix"
                : type == FileOwnerAttributeView.class ? "owner" : null;
        return name == null ? null : (V) new PosixView(bound, p, follow, name);
    }

    /** The one view class: basic, owner and posix are views of the same descriptor. */
    static final class PosixView implements PosixFileAttributeView {
        private final RootFiles bound;
        private final BeneathPath path;
        private final boolean follow;
        private final String name;

        PosixView(RootFiles bound, BeneathPath path, boolean follow, String name) {
            this.bound = bound;
            this.path = path;
            this.follow = follow;
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public PosixFileAttributes readAttributes() throws IOException {
            return new Snapshot(files(bound, path).stat(path, follow));
        }

        @Override
        public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime)
                throws IOException {
            if (lastModifiedTime == null && lastAccessTime == null) {
                path.getFileSystem().ensureOpen();
                return; // creation time cannot be set on Linux; the default provider ignores it too
            }
            files(bound, path).setTimes(path, follow, lastModifiedTime, lastAccessTime);
        }

        @Override
        public void setPermissions(Set<PosixFilePermission> perms) throws IOException {
            Objects.requireNonNull(perms, "perms");
            files(bound, path).setPermissions(path, follow, perms);
        }

        @Override
        public UserPrincipal getOwner() throws IOException {
            return readAttributes().owner();
        }

        @Override
        public void setOwner(UserPrincipal owner) throws IOException {
            if (!(Objects.requireNonNull(owner, "owner") instanceof Principals.User u)) {
                if (owner instanceof Principals.Group g) {
                    throw new IOException("'owner' parameter can't be a group");
                }
                throw new ProviderMismatchException();
            }
            files(bound, path).setOwner(path, follow, u.id(), -1);
        }

        @Override
        public void setGroup(GroupPrincipal group) throws IOException {
            if (!(Objects.requireNonNull(group, "group") instanceof Principals.Group g)) {
                throw new ProviderMismatchException();
            }
            files(bound, path).setOwner(path, follow, -1, g.id());
        }
    }
}
