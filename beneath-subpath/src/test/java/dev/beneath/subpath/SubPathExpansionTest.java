package dev.beneath.subpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** subPathExpr expansion: the table of what expands to what, and what is refused. */
class SubPathExpansionTest {
    private static final Map<String, String> ENV = Map.of(
            "POD_NAME", "web-0", "NS", "prod", "EMPTY", "", "UP", "..", "ABS", "/etc", "DEEP", "a/b",
            "DOTS", "..x");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "logs|logs",
        "$(POD_NAME)|web-0",
        "logs/$(POD_NAME)|logs/web-0",
        "$(NS)/$(POD_NAME)/data|prod/web-0/data",
        "$(NS)-$(NS)|prod-prod",
        "$(DEEP)/c|a/b/c",
        "$(DOTS)|..x",
        "$$(POD_NAME)|$(POD_NAME)",
        "a/$$(NS)/$(NS)|a/$(NS)/prod",
        "$$$(NS)|$prod",
        "cost$5|cost$5",
        "end$|end$",
        "$$|$",
        "$(unclosed|$(unclosed",
        "x$(NS|x$(NS",
    })
    void expands(String expression, String expected) throws SubPathException {
        assertEquals(expected, SubPathExpansion.expand(expression, ENV));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "$(MISSING)|no value for variable \"MISSING\"",
        "logs/$(EMPTY)|no value for variable \"EMPTY\"",
        "$(A)/$(NS)/$(B)/$(A)|no value for variables \"A\", \"B\"",
        "$()|no value for variable \"\"",
        "$(NS$(POD_NAME)|no value for variable \"NS$(POD_NAME\"",
        "$(UP)|must not contain '..'",
        "a/$(UP)/b|must not contain '..'",
        "$(ABS)|must be a relative path",
        "/$(NS)|must be a relative path",
        "..|must not contain '..'",
    })
    void refuses(String expression, String reason) {
        SubPathException e = assertThrows(SubPathException.class, () -> SubPathExpansion.expand(expression, ENV));
        assertTrue(e.getMessage().startsWith("subPathExpr \"" + expression + "\""), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void anEmptyExpressionIsRefusedLikeAnEmptySubPath() {
        SubPathException e = assertThrows(SubPathException.class, () -> SubPathExpansion.expand("", ENV));
        assertTrue(e.getMessage().contains("must not be empty"), e.getMessage());
    }

    @Test
    void referencesListsEachVariableOnceAndSkipsEscapes() {
        assertEquals(List.of("A", "B"), SubPathExpansion.references("$(A)/$$(C)/$(B)/$(A)/$(D"));
        assertEquals(List.of(), SubPathExpansion.references("plain/$$(X)"));
    }
}
