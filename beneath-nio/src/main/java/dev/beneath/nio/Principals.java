package dev.beneath.nio;

import dev.beneath.internal.sys.Sys;
import java.io.IOException;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Objects;

/**
 * Users and groups by number, named through the system's user and group databases (the
 * C library's {@code getpwuid_r} and friends, so NSS sources such as LDAP count) as the
 * default provider names them; a number without an entry is named by its digits.
 */
final class Principals {
    private Principals() {
    }

    /** A principal named by its number's entry in the user or group database. */
    private interface Named extends UserPrincipal {
        String name();

        @Override
        default String getName() {
            return name();
        }
    }

    /** A user: its uid, and its name in the user database. */
    record User(int id, String name) implements Named {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A group: its gid, and its name in the group database. */
    record Group(int id, String name) implements Named, GroupPrincipal {
        @Override
        public String toString() {
            return name;
        }
    }

    static User user(int uid) {
        String name = Sys.userName(uid);
        return new User(uid, name != null ? name : Integer.toUnsignedString(uid));
    }

    static Group group(int gid) {
        String name = Sys.groupName(gid);
        return new Group(gid, name != null ? name : Integer.toUnsignedString(gid));
    }

    static final UserPrincipalLookupService LOOKUP = new UserPrincipalLookupService() {
        @Override
        public UserPrincipal lookupPrincipalByName(String name) throws IOException {
            return new User(id(name, Sys.userId(Objects.requireNonNull(name))), name);
        }

        @Override
        public GroupPrincipal lookupPrincipalByGroupName(String name) throws IOException {
            return new Group(id(name, Sys.groupId(Objects.requireNonNull(name))), name);
        }

        private int id(String name, int found) throws UserPrincipalNotFoundException {
            if (found >= 0) {
                return found;
            }
            if (!name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
                try {
                    return Integer.parseUnsignedInt(name);
                } catch (NumberFormatException e) {
                    // too large: not an id
                }
            }
            throw new UserPrincipalNotFoundException(name);
        }
    };
}
