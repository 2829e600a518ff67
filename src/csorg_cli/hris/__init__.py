"""People exports from an HRIS (BambooHR, Workday, HiBob, Rippling, Personio, ChartHop) and back.

``mapping`` says which column holds which field, ``people`` links rows into people with the
problems found as diagnostics, ``seats`` groups people into the roles of an org file, ``writer``
writes it, ``importer`` runs `csorg import`, ``reality`` compares a plan with an export
(`csorg diff org.yaml people.csv`) and ``export`` writes an org back out (people CSV, Backstage).
"""
