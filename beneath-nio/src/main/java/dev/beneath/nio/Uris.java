package dev.beneath.nio;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The {@code beneath:} URI form: {@code beneath:<host directory>!<path in the root>}, each
 * part percent-encoded byte by byte where it is not a plain URI character, so any name
 * survives the round trip.
 */
final class Uris {
    static final String SCHEME = "beneath";
    private static final String PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/:@&=+$,;'()*";

    private Uris() {
    }

    static URI of(BeneathFileSystem fs, byte[] absoluteInRoot) {
        return URI.create(SCHEME + ":" + encode(fs.hostDirectoryUriPath()) + "!" + encode(absoluteInRoot));
    }

    /** The percent-encoded form of a host directory, as it appears before {@code !}. */
    static String hostPart(Path hostDirectory) {
        return encode(hostDirectory.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
    }

    static String encode(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c < 0x80 && PLAIN.indexOf(c) >= 0) {
                s.append((char) c);
            } else {
                s.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return s.toString();
    }

    static byte[] decode(String encoded) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(encoded.length());
        int i = 0;
        while (i < encoded.length()) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()) {
                out.write(Integer.parseInt(encoded, i + 1, i + 3, 16));
                i += 3;
            } else {
                int cp = encoded.codePointAt(i);
                out.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return out.toByteArray();
    }

    /** The two parts of a {@code beneath:} URI: the host directory's encoded form and the path in the root. */
    record Parts(String hostPart, byte[] inRoot) {
    }

    static Parts split(URI uri) {
        if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("URI scheme is not \"" + SCHEME + "\": " + uri);
        }
        String ssp = uri.getRawSchemeSpecificPart();
        if (uri.getRawFragment() != null || uri.getRawQuery() != null && !ssp.contains("!")) {
            throw new IllegalArgumentException("a beneath URI has no query or fragment: " + uri);
        }
        int bang = ssp.indexOf('!');
        String host = bang < 0 ? ssp : ssp.substring(0, bang);
        byte[] inRoot = bang < 0 ? new byte[] {'/'} : decode(ssp.substring(bang + 1));
        if (host.isEmpty() || host.charAt(0) != '/') {
            throw new IllegalArgumentException("a beneath URI names an absolute host directory: " + uri);
        }
        // the host part is compared in its canonical form: encoded, normalized, no trailing slash
        String canonical = Path.of(Names.decode(decode(host))).normalize().toString();
        return new Parts(encode(canonical.getBytes(StandardCharsets.UTF_8)), inRoot.length == 0 ? new byte[] {'/'} : inRoot);
    }
}
