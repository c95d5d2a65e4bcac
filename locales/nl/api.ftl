# Berichten van de JSON-API (/api/v1).
api-error-query = De parameters in het adres van de aanvraag kloppen niet. Controleer hun namen en waarden en stuur haar opnieuw.
api-scan-report-open = Het rapport van deze scan verschijnt pas als de scan gesloten is: zolang er antwoorden binnenkomen, wordt niets gepubliceerd.
