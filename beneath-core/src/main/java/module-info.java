/**
 * beneath: race-free handling of untrusted paths on Linux. Start at {@link dev.beneath.Root}.
 *
 * <p>Only {@code dev.beneath} is public API. The system-call layer is shared with the sibling
 * modules built on it, by name, and with no one else.
 */
module dev.beneath {
    exports dev.beneath;

    exports dev.beneath.internal.sys to dev.beneath.subpath;
    exports dev.beneath.internal.procfs to dev.beneath.subpath;
}
