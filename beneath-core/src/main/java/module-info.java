/**
 * beneath: race-free handling of untrusted paths on Linux. Start at {@link dev.beneath.Root}.
 */
module dev.beneath {
    exports dev.beneath;
    exports dev.beneath.internal.sys to dev.beneath.nio;
    exports dev.beneath.internal.procfs to dev.beneath.nio;
}
