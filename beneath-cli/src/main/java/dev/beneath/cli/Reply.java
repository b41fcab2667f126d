package dev.beneath.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a command answers when it succeeds, in both forms at once: the fields of the one JSON
 * object {@code --json} prints ({@code "ok":true} first), and the lines of text printed
 * otherwise. A command fills in both; {@link RootCommand} prints one of them, and only once
 * the operation has succeeded.
 */
final class Reply {
    private final ObjectNode json = JsonNodeFactory.instance.objectNode().put("ok", true);
    private final List<String> lines = new ArrayList<>();

    Reply put(String name, String value) {
        json.put(name, value);
        return this;
    }

    Reply put(String name, long value) {
        json.put(name, value);
        return this;
    }

    Reply put(String name, boolean value) {
        json.put(name, value);
        return this;
    }

    /** A new JSON array field. */
    ArrayNode array(String name) {
        return json.putArray(name);
    }

    /** A line of the text form. */
    Reply line(String text) {
        lines.add(text);
        return this;
    }

    ObjectNode json() {
        return json;
    }

    List<String> lines() {
        return lines;
    }
}
