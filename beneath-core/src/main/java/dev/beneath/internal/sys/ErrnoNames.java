package dev.beneath.internal.sys;

/** Linux x86_64/aarch64 errno numbers the project meets, with their names and descriptions. */
public final class ErrnoNames {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int E2BIG = 7;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENODEV = 19;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int EMFILE = 24;
    public static final int ETXTBSY = 26;
    public static final int EFBIG = 27;
    public static final int ENOSPC = 28;
    public static final int ESPIPE = 29;
    public static final int EROFS = 30;
    public static final int EMLINK = 31;
    public static final int ERANGE = 34;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOSYS = 38;
    public static final int ENOTEMPTY = 39;
    public static final int ELOOP = 40;
    public static final int ENODATA = 61;
    public static final int EOVERFLOW = 75;
    public static final int EOPNOTSUPP = 95;
    public static final int ESTALE = 116;
    public static final int EDQUOT = 122;

    private static final String[][] TABLE = new String[134][];

    static {
        put(EPERM, "EPERM", "Operation not permitted");
        put(ENOENT, "ENOENT", "No such file or directory");
        put(EINTR, "EINTR", "Interrupted system call");
        put(EIO, "EIO", "Input/output error");
        put(ENXIO, "ENXIO", "No such device or address");
        put(E2BIG, "E2BIG", "Argument list too long");
        put(EBADF, "EBADF", "Bad file descriptor");
        put(EAGAIN, "EAGAIN", "Resource temporarily unavailable");
        put(ENOMEM, "ENOMEM", "Cannot allocate memory");
        put(EACCES, "EACCES", "Permission denied");
        put(EBUSY, "EBUSY", "Device or resource busy");
        put(EEXIST, "EEXIST", "File exists");
        put(EXDEV, "EXDEV", "Path escapes the root or crosses a mount");
        put(ENODEV, "ENODEV", "No such device");
        put(ENOTDIR, "ENOTDIR", "Not a directory");
        put(EISDIR, "EISDIR", "Is a directory");
        put(EINVAL, "EINVAL", "Invalid argument");
        put(EMFILE, "EMFILE", "Too many open files");
        put(ETXTBSY, "ETXTBSY", "Text file busy");
        put(EFBIG, "EFBIG", "File too large");
        put(ENOSPC, "ENOSPC", "No space left on device");
        put(ESPIPE, "ESPIPE", "Illegal seek");
        put(EROFS, "EROFS", "Read-only file system");
        put(EMLINK, "EMLINK", "Too many links");
        put(ERANGE, "ERANGE", "Numerical result out of range");
        put(ENAMETOOLONG, "ENAMETOOLONG", "File name too long");
        put(ENOSYS, "ENOSYS", "Function not implemented");
        put(ENOTEMPTY, "ENOTEMPTY", "Directory not empty");
        put(ELOOP, "ELOOP", "Too many levels of symbolic links, or a refused symbolic link");
        put(ENODATA, "ENODATA", "No data available");
        put(EOVERFLOW, "EOVERFLOW", "Value too large for defined data type");
        put(EOPNOTSUPP, "EOPNOTSUPP", "Operation not supported");
        put(ESTALE, "ESTALE", "Stale file handle");
        put(EDQUOT, "EDQUOT", "Disk quota exceeded");
    }

    private ErrnoNames() {
    }

    private static void put(int errno, String name, String description) {
        TABLE[errno] = new String[] {name, description};
    }

    private static String[] entry(int errno) {
        return errno > 0 && errno < TABLE.length ? TABLE[errno] : null;
    }

    /** The symbolic name ({@code "ENOENT"}), or {@code "E<number>"} for an unlisted errno. */
    public static String name(int errno) {
        String[] e = entry(errno);
        return e != null ? e[0] : "E" + errno;
    }

    public static String description(int errno) {
        String[] e = entry(errno);
        return e != null ? e[1] : "Error " + errno;
    }

    /** The number for a symbolic name, or -1 when the name is not listed. */
    public static int number(String name) {
        for (int i = 0; i < TABLE.length; i++) {
            if (TABLE[i] != null && TABLE[i][0].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
