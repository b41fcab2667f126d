/**
 * beneath: race-free handling of untrusted paths on Linux. Start at {@link dev.beneath.Root}.
 */
module dev.beneath {
    exports dev.beneath;
}
