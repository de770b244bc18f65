"""Layout: WeasyPrint behind one adapter (:mod:`.weasy`), the safe fetcher every
stylesheet and document goes through (:mod:`.fetcher`), and the layout facts that the
writers citing the print edition read (:mod:`.facts`)."""
