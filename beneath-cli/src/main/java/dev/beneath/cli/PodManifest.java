package dev.beneath.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.beneath.subpath.pod.EnvVar;
import dev.beneath.subpath.pod.Pod;
import dev.beneath.subpath.pod.PodContainer;
import dev.beneath.subpath.pod.VolumeMount;
import java.io.IOException;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Kubernetes Pod manifest, YAML or JSON, into a {@link Pod}: {@code spec.initContainers}
 * then {@code spec.containers}, each with {@code name}, {@code env} and {@code volumeMounts};
 * and the names of {@code spec.volumes}. Everything else in the manifest is ignored. A field
 * that is missing or of the wrong type is an error naming it, such as
 * {@code spec.containers[1].volumeMounts[0].mountPath}.
 */
final class PodManifest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();

    private PodManifest() {
    }

    /** The manifest was unreadable or is not a Pod as this tool understands one. */
    static final class Invalid extends IOException {
        @Serial
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /** Reads the manifest in {@code file}; its errors name the file as given. */
    static Pod read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new Invalid(file + ": no such file");
        } catch (IOException e) {
            throw new Invalid(file + ": cannot read it: " + e);
        }
        try {
            return parse(text);
        } catch (Invalid e) {
            throw new Invalid(file + ": " + e.getMessage());
        }
    }

    /** Parses a manifest: JSON when it starts with '{', YAML otherwise (the first document). */
    static Pod parse(String text) throws Invalid {
        JsonNode root;
        try {
            root = (text.stripLeading().startsWith("{") ? JSON : YAML).readTree(text);
        } catch (JacksonException e) {
            throw new Invalid("not a YAML or JSON document: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new Invalid("not a Pod manifest: the document is not a mapping");
        }
        JsonNode kind = root.get("kind");
        if (kind != null && !"Pod".equals(kind.asText())) {
            throw new Invalid("kind is " + kind.asText() + ", not Pod");
        }
        JsonNode spec = object(root, "spec", "", true);
        List<PodContainer> containers = new ArrayList<>();
        containers.addAll(containers(spec, "initContainers", true, false));
        containers.addAll(containers(spec, "containers", false, true));
        List<String> volumes = each(spec, "volumes", "spec", false, (node, at) -> text(node, "name", at, true));
        return new Pod(containers, volumes);
    }

    private static List<PodContainer> containers(JsonNode spec, String field, boolean init, boolean required)
            throws Invalid {
        return each(spec, field, "spec", required, (node, at) ->
                new PodContainer(text(node, "name", at, true), init, env(node, at), volumeMounts(node, at)));
    }

    private static List<EnvVar> env(JsonNode container, String where) throws Invalid {
        return each(container, "env", where, false, (node, at) -> {
            String name = text(node, "name", at, true);
            if (object(node, "valueFrom", at, false) != null) {
                return EnvVar.fromSource(name);
            }
            String value = text(node, "value", at, false);
            return EnvVar.literal(name, value == null ? "" : value);
        });
    }

    private static List<VolumeMount> volumeMounts(JsonNode container, String where) throws Invalid {
        return each(container, "volumeMounts", where, false, (node, at) -> {
            JsonNode readOnly = node.get("readOnly");
            if (readOnly != null && !readOnly.isBoolean() && !readOnly.isNull()) {
                throw new Invalid(at + ".readOnly must be true or false");
            }
            return new VolumeMount(text(node, "name", at, true), text(node, "mountPath", at, true),
                    text(node, "subPath", at, false), text(node, "subPathExpr", at, false),
                    readOnly != null && readOnly.asBoolean());
        });
    }

    /** Reads one element of a list of mappings. */
    @FunctionalInterface
    private interface Element<T> {
        T read(JsonNode node, String at) throws Invalid;
    }

    /** Each mapping of the list {@code field} read by {@code element}, told where it stands ({@code spec.env[2]}). */
    private static <T> List<T> each(JsonNode parent, String field, String where, boolean required, Element<T> element)
            throws Invalid {
        List<T> read = new ArrayList<>();
        List<JsonNode> nodes = array(parent, field, where, required);
        for (int i = 0; i < nodes.size(); i++) {
            read.add(element.read(nodes.get(i), path(where, field) + "[" + i + "]"));
        }
        return read;
    }

    private static String text(JsonNode parent, String field, String where, boolean required) throws Invalid {
        JsonNode node = present(parent, field, where, required);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw new Invalid(path(where, field) + " must be a string");
        }
        return node.asText();
    }

    private static JsonNode object(JsonNode parent, String field, String where, boolean required) throws Invalid {
        JsonNode node = present(parent, field, where, required);
        if (node != null && !node.isObject()) {
            throw new Invalid(path(where, field) + " must be a mapping");
        }
        return node;
    }

    private static List<JsonNode> array(JsonNode parent, String field, String where, boolean required) throws Invalid {
        JsonNode node = present(parent, field, where, required);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new Invalid(path(where, field) + " must be a list");
        }
        List<JsonNode> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isObject()) {
                throw new Invalid(path(where, field) + "[" + i + "] must be a mapping");
            }
            items.add(node.get(i));
        }
        return items;
    }

    /** The field's value, or null when absent (an error when required); explicit nulls count as absent. */
    private static JsonNode present(JsonNode parent, String field, String where, boolean required) throws Invalid {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new Invalid(path(where, field) + " is missing");
            }
            return null;
        }
        return node;
    }

    /** {@code spec.containers[0].name}: how errors name a field of the parent at {@code where}. */
    private static String path(String where, String field) {
        return where.isEmpty() ? field : where + "." + field;
    }
}
