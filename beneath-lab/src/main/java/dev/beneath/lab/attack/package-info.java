/**
 * The attack lab behind {@code beneath attack}: victims that resolve or mount paths in a tree
 * race attackers that exchange its entries with {@code renameat2(RENAME_EXCHANGE)}, and every
 * object a victim obtains is judged by its device and inode against a census of the tree
 * taken before the race, never by comparing path strings.
 */
package dev.beneath.lab.attack;
