const { parseSql } = require('/work/main/out/server/src/sql/parseSql.js');
(async () => { const p = await parseSql(process.argv[2]); for (const s of p.statements) console.log(s.kind, JSON.stringify(s.node)); })();
