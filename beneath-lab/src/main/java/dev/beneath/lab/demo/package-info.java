/**
 * The stories {@code beneath demo} tells: the 2017 subPath attack with real containers
 * ({@link dev.beneath.lab.demo.DemoContainerStory}), or at the library level where containers
 * cannot run ({@link dev.beneath.lab.demo.DemoLibraryStory}).
 */
package dev.beneath.lab.demo;
