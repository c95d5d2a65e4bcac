# Messages of the JSON API (/api/v1).
api-error-query = The parameters in the request's address are not right. Check their names and values and send it again.
api-scan-report-open = This scan's report appears once the scan is closed: while answers are coming in, nothing is published.
