/**
 * Safe extraction of tar and zip archives into a {@link dev.beneath.Root}. Start at
 * {@link dev.beneath.archive.Extractor}.
 */
module dev.beneath.archive {
    requires transitive dev.beneath;
    requires org.apache.commons.compress;
    requires org.tukaani.xz;
    requires com.github.luben.zstd_jni;

    exports dev.beneath.archive;

    provides java.nio.charset.spi.CharsetProvider with dev.beneath.archive.internal.SurrogateEscape.Provider;
}
