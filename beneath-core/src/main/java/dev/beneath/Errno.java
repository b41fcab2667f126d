package dev.beneath;

/**
 * The errno values of Linux (the generic numbering x86_64 and aarch64 share), as
 * {@link PathError#errno()} reports them. beneath's own checks produce the file-system ones
 * ({@code ENOENT}, {@code ENOTDIR}, {@code ELOOP}, {@code EXDEV}, {@code EINVAL},
 * {@code ENAMETOOLONG}, {@code EEXIST}, {@code EISDIR}, {@code ENOTEMPTY}, {@code EBUSY},
 * {@code EPERM}, {@code EACCES}, {@code EAGAIN}, {@code ESTALE}, ...); any other that the
 * kernel or a file system returns is passed on as it came, which is why every number is
 * listed. {@code EWOULDBLOCK} is {@link #EAGAIN}, {@code ENOTSUP} is {@link #EOPNOTSUPP} and
 * {@code EDEADLOCK} is {@link #EDEADLK}, as on Linux.
 */
public enum Errno {
    /** Operation not permitted (1). */
    EPERM(1),
    /** No such file or directory (2). */
    ENOENT(2),
    /** No such process (3). */
    ESRCH(3),
    /** Interrupted system call (4). */
    EINTR(4),
    /** Input/output error (5). */
    EIO(5),
    /** No such device or address (6). */
    ENXIO(6),
    /** Argument list too long (7). */
    E2BIG(7),
    /** Exec format error (8). */
    ENOEXEC(8),
    /** Bad file descriptor (9). */
    EBADF(9),
    /** No child processes (10). */
    ECHILD(10),
    /** Resource temporarily unavailable (11). */
    EAGAIN(11),
    /** Cannot allocate memory (12). */
    ENOMEM(12),
    /** Permission denied (13). */
    EACCES(13),
    /** Bad address (14). */
    EFAULT(14),
    /** Block device required (15). */
    ENOTBLK(15),
    /** Device or resource busy (16). */
    EBUSY(16),
    /** File exists (17). */
    EEXIST(17),
    /** Invalid cross-device link (18). */
    EXDEV(18),
    /** No such device (19). */
    ENODEV(19),
    /** Not a directory (20). */
    ENOTDIR(20),
    /** Is a directory (21). */
    EISDIR(21),
    /** Invalid argument (22). */
    EINVAL(22),
    /** Too many open files in system (23). */
    ENFILE(23),
    /** Too many open files (24). */
    EMFILE(24),
    /** Inappropriate ioctl for device (25). */
    ENOTTY(25),
    /** Text file busy (26). */
    ETXTBSY(26),
    /** File too large (27). */
    EFBIG(27),
    /** No space left on device (28). */
    ENOSPC(28),
    /** Illegal seek (29). */
    ESPIPE(29),
    /** Read-only file system (30). */
    EROFS(30),
    /** Too many links (31). */
    EMLINK(31),
    /** Broken pipe (32). */
    EPIPE(32),
    /** Numerical argument out of domain (33). */
    EDOM(33),
    /** Numerical result out of range (34). */
    ERANGE(34),
    /** Resource deadlock avoided (35). */
    EDEADLK(35),
    /** File name too long (36). */
    ENAMETOOLONG(36),
    /** No locks available (37). */
    ENOLCK(37),
    /** Function not implemented (38). */
    ENOSYS(38),
    /** Directory not empty (39). */
    ENOTEMPTY(39),
    /** Too many levels of symbolic links (40). */
    ELOOP(40),
    /** No message of desired type (42). */
    ENOMSG(42),
    /** Identifier removed (43). */
    EIDRM(43),
    /** Channel number out of range (44). */
    ECHRNG(44),
    /** Level 2 not synchronized (45). */
    EL2NSYNC(45),
    /** Level 3 halted (46). */
    EL3HLT(46),
    /** Level 3 reset (47). */
    EL3RST(47),
    /** Link number out of range (48). */
    ELNRNG(48),
    /** Protocol driver not attached (49). */
    EUNATCH(49),
    /** No CSI structure available (50). */
    ENOCSI(50),
    /** Level 2 halted (51). */
    EL2HLT(51),
    /** Invalid exchange (52). */
    EBADE(52),
    /** Invalid request descriptor (53). */
    EBADR(53),
    /** Exchange full (54). */
    EXFULL(54),
    /** No anode (55). */
    ENOANO(55),
    /** Invalid request code (56). */
    EBADRQC(56),
    /** Invalid slot (57). */
    EBADSLT(57),
    /** Bad font file format (59). */
    EBFONT(59),
    /** Device not a stream (60). */
    ENOSTR(60),
    /** No data available (61). */
    ENODATA(61),
    /** Timer expired (62). */
    ETIME(62),
    /** Out of streams resources (63). */
    ENOSR(63),
    /** Machine is not on the network (64). */
    ENONET(64),
    /** Package not installed (65). */
    ENOPKG(65),
    /** Object is remote (66). */
    EREMOTE(66),
    /** Link has been severed (67). */
    ENOLINK(67),
    /** Advertise error (68). */
    EADV(68),
    /** Srmount error (69). */
    ESRMNT(69),
    /** Communication error on send (70). */
    ECOMM(70),
    /** Protocol error (71). */
    EPROTO(71),
    /** Multihop attempted (72). */
    EMULTIHOP(72),
    /** RFS specific error (73). */
    EDOTDOT(73),
    /** Bad message (74). */
    EBADMSG(74),
    /** Value too large for defined data type (75). */
    EOVERFLOW(75),
    /** Name not unique on network (76). */
    ENOTUNIQ(76),
    /** File descriptor in bad state (77). */
    EBADFD(77),
    /** Remote address changed (78). */
    EREMCHG(78),
    /** Can not access a needed shared library (79). */
    ELIBACC(79),
    /** Accessing a corrupted shared library (80). */
    ELIBBAD(80),
    /** .lib section in a.out corrupted (81). */
    ELIBSCN(81),
    /** Attempting to link in too many shared libraries (82). */
    ELIBMAX(82),
    /** Cannot exec a shared library directly (83). */
    ELIBEXEC(83),
    /** Invalid or incomplete multibyte or wide character (84). */
    EILSEQ(84),
    /** Interrupted system call should be restarted (85). */
    ERESTART(85),
    /** Streams pipe error (86). */
    ESTRPIPE(86),
    /** Too many users (87). */
    EUSERS(87),
    /** Socket operation on non-socket (88). */
    ENOTSOCK(88),
    /** Destination address required (89). */
    EDESTADDRREQ(89),
    /** Message too long (90). */
    EMSGSIZE(90),
    /** Protocol wrong type for socket (91). */
    EPROTOTYPE(91),
    /** Protocol not available (92). */
    ENOPROTOOPT(92),
    /** Protocol not supported (93). */
    EPROTONOSUPPORT(93),
    /** Socket type not supported (94). */
    ESOCKTNOSUPPORT(94),
    /** Operation not supported (95). */
    EOPNOTSUPP(95),
    /** Protocol family not supported (96). */
    EPFNOSUPPORT(96),
    /** Address family not supported by protocol (97). */
    EAFNOSUPPORT(97),
    /** Address already in use (98). */
    EADDRINUSE(98),
    /** Cannot assign requested address (99). */
    EADDRNOTAVAIL(99),
    /** Network is down (100). */
    ENETDOWN(100),
    /** Network is unreachable (101). */
    ENETUNREACH(101),
    /** Network dropped connection on reset (102). */
    ENETRESET(102),
    /** Software caused connection abort (103). */
    ECONNABORTED(103),
    /** Connection reset by peer (104). */
    ECONNRESET(104),
    /** No buffer space available (105). */
    ENOBUFS(105),
    /** Transport endpoint is already connected (106). */
    EISCONN(106),
    /** Transport endpoint is not connected (107). */
    ENOTCONN(107),
    /** Cannot send after transport endpoint shutdown (108). */
    ESHUTDOWN(108),
    /** Too many references: cannot splice (109). */
    ETOOMANYREFS(109),
    /** Connection timed out (110). */
    ETIMEDOUT(110),
    /** Connection refused (111). */
    ECONNREFUSED(111),
    /** Host is down (112). */
    EHOSTDOWN(112),
    /** No route to host (113). */
    EHOSTUNREACH(113),
    /** Operation already in progress (114). */
    EALREADY(114),
    /** Operation now in progress (115). */
    EINPROGRESS(115),
    /** Stale file handle (116). */
    ESTALE(116),
    /** Structure needs cleaning (117). */
    EUCLEAN(117),
    /** Not a XENIX named type file (118). */
    ENOTNAM(118),
    /** No XENIX semaphores available (119). */
    ENAVAIL(119),
    /** Is a named type file (120). */
    EISNAM(120),
    /** Remote I/O error (121). */
    EREMOTEIO(121),
    /** Disk quota exceeded (122). */
    EDQUOT(122),
    /** No medium found (123). */
    ENOMEDIUM(123),
    /** Wrong medium type (124). */
    EMEDIUMTYPE(124),
    /** Operation canceled (125). */
    ECANCELED(125),
    /** Required key not available (126). */
    ENOKEY(126),
    /** Key has expired (127). */
    EKEYEXPIRED(127),
    /** Key has been revoked (128). */
    EKEYREVOKED(128),
    /** Key was rejected by service (129). */
    EKEYREJECTED(129),
    /** Owner died (130). */
    EOWNERDEAD(130),
    /** State not recoverable (131). */
    ENOTRECOVERABLE(131),
    /** Operation not possible due to RF-kill (132). */
    ERFKILL(132),
    /** Memory page has hardware error (133). */
    EHWPOISON(133);

    private static final Errno[] BY_NUMBER = new Errno[134];

    static {
        for (Errno e : values()) {
            BY_NUMBER[e.number] = e;
        }
    }

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    /**
     * The errno number on Linux.
     *
     * @return the number, between 1 and 133
     */
    public int number() {
        return number;
    }

    /**
     * The constant for an errno number.
     *
     * @param number an errno number as the kernel returns it
     * @return the matching constant
     * @throws IllegalArgumentException if Linux has no errno with that number
     */
    public static Errno of(int number) {
        Errno e = number > 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
        if (e == null) {
            throw new IllegalArgumentException("not a Linux errno: " + number);
        }
        return e;
    }
}
