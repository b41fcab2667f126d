/** Four everyday tasks done inside directories whose content someone else controls. */
module example.consumer {
    requires dev.beneath;
    requires dev.beneath.subpath;
}
