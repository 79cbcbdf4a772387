"""Reports: what the centre achieved by period, kind, topic, city, country and language;
per offering, per city and per person (the transcript). The top domain layer: it reads every
domain below it and nothing imports it but the application factory."""
