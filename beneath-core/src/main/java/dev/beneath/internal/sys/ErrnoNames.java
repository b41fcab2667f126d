package dev.beneath.internal.sys;

/** Linux x86_64/aarch64 errno numbers the project meets, with their names and descriptions. */
public final class ErrnoNames {
    /** {@code EPERM}: Operation not permitted. */
    public static final int EPERM = 1;
    /** {@code ENOENT}: No such file or directory. */
    public static final int ENOENT = 2;
    /** {@code EINTR}: Interrupted system call. */
    public static final int EINTR = 4;
    /** {@code EIO}: Input/output error. */
    public static final int EIO = 5;
    /** {@code ENXIO}: No such device or address. */
    public static final int ENXIO = 6;
    /** {@code E2BIG}: Argument list too long. */
    public static final int E2BIG = 7;
    /** {@code EBADF}: Bad file descriptor. */
    public static final int EBADF = 9;
    /** {@code EAGAIN}: Resource temporarily unavailable. */
    public static final int EAGAIN = 11;
    /** {@code ENOMEM}: Cannot allocate memory. */
    public static final int ENOMEM = 12;
    /** {@code EACCES}: Permission denied. */
    public static final int EACCES = 13;
    /** {@code EBUSY}: Device or resource busy. */
    public static final int EBUSY = 16;
    /** {@code EEXIST}: File exists. */
    public static final int EEXIST = 17;
    /** {@code EXDEV}: Path escapes the root or crosses a mount. */
    public static final int EXDEV = 18;
    /** {@code ENODEV}: No such device. */
    public static final int ENODEV = 19;
    /** {@code ENOTDIR}: Not a directory. */
    public static final int ENOTDIR = 20;
    /** {@code EISDIR}: Is a directory. */
    public static final int EISDIR = 21;
    /** {@code EINVAL}: Invalid argument. */
    public static final int EINVAL = 22;
    /** {@code EMFILE}: Too many open files. */
    public static final int EMFILE = 24;
    /** {@code ETXTBSY}: Text file busy. */
    public static final int ETXTBSY = 26;
    /** {@code EFBIG}: File too large. */
    public static final int EFBIG = 27;
    /** {@code ENOSPC}: No space left on device. */
    public static final int ENOSPC = 28;
    /** {@code ESPIPE}: Illegal seek. */
    public static final int ESPIPE = 29;
    /** {@code EROFS}: Read-only file system. */
    public static final int EROFS = 30;
    /** {@code EMLINK}: Too many links. */
    public static final int EMLINK = 31;
    /** {@code ERANGE}: Numerical result out of range. */
    public static final int ERANGE = 34;
    /** {@code ENAMETOOLONG}: File name too long. */
    public static final int ENAMETOOLONG = 36;
    /** {@code ENOSYS}: Function not implemented. */
    public static final int ENOSYS = 38;
    /** {@code ENOTEMPTY}: Directory not empty. */
    public static final int ENOTEMPTY = 39;
    /** {@code ELOOP}: Too many levels of symbolic links, or a refused symbolic link. */
    public static final int ELOOP = 40;
    /** {@code ENODATA}: No data available. */
    public static final int ENODATA = 61;
    /** {@code EOVERFLOW}: Value too large for defined data type. */
    public static final int EOVERFLOW = 75;
    /** {@code EOPNOTSUPP}: Operation not supported. */
    public static final int EOPNOTSUPP = 95;
    /** {@code ESTALE}: Stale file handle. */
    public static final int ESTALE = 116;
    /** {@code EDQUOT}: Disk quota exceeded. */
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

    /**
     * The symbolic name ({@code "ENOENT"}), or {@code "E<number>"} for an unlisted errno.
     *
     * @param errno the number
     * @return the name
     */
    public static String name(int errno) {
        String[] e = entry(errno);
        return e != null ? e[0] : "E" + errno;
    }

    /**
     * The text {@code strerror} gives, or {@code "Error <number>"} for an unlisted errno.
     *
     * @param errno the number
     * @return the description
     */
    public static String description(int errno) {
        String[] e = entry(errno);
        return e != null ? e[1] : "Error " + errno;
    }

    /**
     * The number for a symbolic name.
     *
     * @param name the name, such as {@code "ENOENT"}
     * @return the number, or -1 when the name is not listed
     */
    public static int number(String name) {
        for (int i = 0; i < TABLE.length; i++) {
            if (TABLE[i] != null && TABLE[i][0].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
