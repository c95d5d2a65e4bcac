// Starts Learning Locker's xAPI statement service (the npm package xapi-statements) as a Learning
// Record Store for Hartslag's tests: statements kept in memory, every statement checked by its
// own validator (xapi-validation), conflicts and voiding as the spec says.
//
//   LRS_PORT=18080 LRS_KEY=key LRS_SECRET=secret node lrs.js
//
// The service asks an outside "client info" endpoint who an Authorization header belongs to;
// this file answers that for one key and secret (HTTP Basic) and refuses everything else, so a
// wrong password gets the LRS's own 401. The xAPI base address is http://127.0.0.1:<port>/xAPI.
'use strict';
const http = require('http');

const port = process.env.LRS_PORT || '18080';
const expected = 'Basic ' + Buffer.from(`${process.env.LRS_KEY || 'key'}:${process.env.LRS_SECRET || 'secret'}`).toString('base64');
const id = '5f0000000000000000000001';

const auth = http.createServer((req, res) => {
  if (req.headers.authorization !== expected) {
    res.writeHead(404);
    return res.end();
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({
    _id: id,
    title: 'Hartslag test client',
    authority: { objectType: 'Agent', name: 'Hartslag test client', mbox: 'mailto:lrs@example.org' },
    isTrusted: true,
    lrs_id: id,
    organisation: id,
    scopes: ['all'],
  }));
});

auth.listen(0, '127.0.0.1', () => {
  Object.assign(process.env, {
    EXPRESS_PORT: port,
    LL_CLIENT_INFO_ENDPOINT: `http://127.0.0.1:${auth.address().port}/auth`,
    AUTH_REPO: 'fetch',
    MODELS_REPO: 'memory',
    STORAGE_REPO: 'memory',
    EVENTS_REPO: 'test',
    WINSTON_CONSOLE_LEVEL: process.env.WINSTON_CONSOLE_LEVEL || 'warning',
    EXPRESS_MORGAN_DIRECTORY: require('os').tmpdir(),
  });
  require('xapi-statements/dist/server');
});
