import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{escapeHtml,htmlPage,renderHtmlReport,stressFindings}from"./chunk-NNQJ5SJT.js";import{readReference,refuseBaselineAsResults}from"./chunk-56FKTISZ.js";import"./chunk-TLSIJDPP.js";import{budgetChecks,judgeRun,loadSuiteFile}from"./chunk-CTQ7TIXJ.js";import"./chunk-7H6BY6OK.js";import"./chunk-QEXFJZPB.js";import"./chunk-Y6N5CE6U.js";import{historyEntry,readBaselineFile}from"./chunk-IWBEKHX3.js";import"./chunk-73KUZZU4.js";import{readResultFile}from"./chunk-2WVKCL57.js";import{formatMs,median,medianAbsoluteDeviation}from"./chunk-VMBRFCFI.js";import"./chunk-ICEP7YNT.js";import"./chunk-2VWJ2GDG.js";import{ensureWritable,parseFlags}from"./chunk-X2FSNGTB.js";import"./chunk-TT453EZ2.js";import{EXIT}from"./chunk-VCWBUNNA.js";import"./chunk-6DO7PWXD.js";import"./chunk-C2XF3GH6.js";import{InputError}from"./chunk-NLPGKMY5.js";import"./chunk-HRIZ6NLF.js";import{writeFile}from"node:fs/promises";var BAND_RUNS=10,MARK_THRESHOLD=.1;function renderDashboard(baselines,options={}){let suites=baselines.map(baseline=>({suite:baseline.suite,history:baseline.history??baseline.runs.map(historyEntry)})),data=suites.map(({suite,history})=>({suite,runs:history.map(entry=>({startedAt:entry.startedAt,sha:entry.sha})),scenarios:scenariosOf(history).map(name=>trend(name,history))})),sections=data.map((s,i)=>`<section><h2>${escapeHtml(s.suite)}</h2><p class="note">${s.runs.length} recorded runs of main, oldest first; band: the previous ${BAND_RUNS} runs' median p95 \xB1 2 robust standard deviations; \u25CF a run whose p95 left it upward by more than ${MARK_THRESHOLD*100} %.</p><div class="charts">${s.scenarios.map((t,j)=>`<figure><figcaption>${escapeHtml(t.name)}: p50, p95 (ms) and req/s</figcaption><div class="chart" id="trend-${i}-${j}"></div></figure>`).join("")}</div>`+runTable(s.runs,s.scenarios,options.commitUrl)+"</section>");return htmlPage({title:"perf-gate trends",header:`<p class="meta">${escapeHtml(suites.map(s=>s.suite).join(" \xB7 "))}</p>`,main:sections.join(`
`),data,script:CLIENT})}function scenariosOf(history){return[...new Set(history.flatMap(entry=>Object.keys(entry.scenarios)))]}function trend(name,history){let figure=metric=>history.map(entry=>entry.scenarios[name]?.[metric]??null),p95=figure("p95"),bandLow=[],bandHigh=[],marked=[];return p95.forEach((value,i)=>{let before=p95.slice(Math.max(0,i-BAND_RUNS),i).filter(v=>v!==null).map(Math.log);if(before.length<3){bandLow.push(null),bandHigh.push(null),marked.push(null);return}let centre=median(before),spread=1.4826*medianAbsoluteDeviation(before);bandLow.push(Math.exp(centre-2*spread)),bandHigh.push(Math.exp(centre+2*spread));let out=value!==null&&Math.log(value)>centre+Math.max(2*spread,Math.log1p(MARK_THRESHOLD));marked.push(out?value:null)}),{name,p50:figure("p50"),p95,rps:figure("rps"),bandLow,bandHigh,marked}}function runTable(runs,trends,commitUrl){let head=`<tr><th>run</th><th>commit</th>${trends.map(t=>`<th>${escapeHtml(t.name)} p95</th>`).join("")}</tr>`,rows=runs.map((run,i)=>{let sha=run.sha===null?"unknown":escapeHtml(run.sha.slice(0,7)),commit=run.sha!==null&&commitUrl!==void 0?`<a href="${escapeHtml(commitUrl(run.sha))}">${sha}</a>`:sha,cells=trends.map(t=>{let value=t.p95[i]??null;return`<td${t.marked[i]!==null?' class="marked"':""}>${value===null?"":formatMs(value)}</td>`});return`<tr><td>${escapeHtml(run.startedAt.replace("T"," ").slice(0,16))}</td><td>${commit}</td>${cells.join("")}</tr>`}).reverse().join("");return`<details><summary>Every run, newest first</summary><table class="data"><thead>${head}</thead><tbody>${rows}</tbody></table></details>`}var CLIENT=`
(function () {
  var suites = JSON.parse(document.getElementById('perf-gate-data').textContent);
  function ms(u, vals) { return vals.map(function (v) { return v == null ? '' : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2); }); }
  suites.forEach(function (s, i) {
    var x = s.runs.map(function (r, k) { return k + 1; });
    s.scenarios.forEach(function (t, j) {
      var el = document.getElementById('trend-' + i + '-' + j);
      el.chart = new uPlot({
        width: 520, height: 280,
        scales: { x: { time: false }, ms: {}, rps: {} },
        axes: [{ label: 'run' }, { scale: 'ms', values: ms, label: 'ms' }, { scale: 'rps', side: 1, grid: { show: false }, label: 'req/s' }],
        series: [
          { label: 'run', value: function (u, v) { var r = s.runs[v - 1]; return r ? (r.sha ? r.sha.slice(0, 7) : '?') + ' ' + r.startedAt.slice(0, 10) : ''; } },
          { label: 'band low', scale: 'ms', stroke: 'rgba(9,105,218,0.25)' },
          { label: 'band high', scale: 'ms', stroke: 'rgba(9,105,218,0.25)' },
          { label: 'p50', scale: 'ms', stroke: '#8250df' },
          { label: 'p95', scale: 'ms', stroke: '#d73a49', width: 2 },
          { label: 'req/s', scale: 'rps', stroke: '#6e7781', dash: [4, 4] },
          { label: 'left the band', scale: 'ms', stroke: '#d73a49', width: 0, points: { show: true, size: 10, fill: '#d73a49' } },
        ],
        bands: [{ series: [2, 1], fill: 'rgba(9,105,218,0.08)' }],
      }, [x, t.bandLow, t.bandHigh, t.p50, t.p95, t.rps, t.marked], el);
    });
  });
  document.body.dataset.charts = String(document.querySelectorAll('.uplot').length);
})();
`;var REPORT_HELP=`Usage: perf-gate report --html FILE <results.json> [<baseline.json>] [options]
       perf-gate report --dashboard FILE <baseline.json...>

Writes a run as one self-contained HTML page (styles, data and charts inline: it opens from a
CI artifact or a file, with no network): the verdict and a row per scenario, each blocking
metric's change against its threshold with its interval, and per scenario its latency
distribution (percentiles on a log axis, this run against the baseline), its rounds and, for
stages, its timeline with the breaking point. A run that was judged (perf-gate run with a
baseline or --baseline-url) carries its verdict, and the page renders that verdict as it is: the
file given beside it (the baseline file, or results.base.json of an A/B run) only draws the runs
it was judged against. A run never judged is judged against the file given, as "perf-gate
compare" would judge it.

--dashboard writes the trend of every run recorded in the baseline files (their history, up to
200 runs each): per scenario p50, p95 and req/s over the runs, with the band the previous runs
make and the runs that left it marked; what "mode: record" of the action keeps as index.html on
the baseline branch.

Options:
      --html FILE      where to write the run's page
      --dashboard FILE where to write the trend dashboard
  -c, --config FILE    for a run never judged: the suite file whose gate and budgets apply;
                       default: the built-in gate, no budgets
  -h, --help           show this help

Exit codes:
  0    written (whatever the verdict: "perf-gate compare" gates)
  2    bad input: a file that does not validate, another suite`,FLAGS={html:{type:"string"},dashboard:{type:"string"},config:{type:"string",short:"c"},help:{type:"boolean",short:"h"}};async function reportCommand(argv,io){let{values,positionals}=parseFlags("report",argv,FLAGS,-1);if(values.dashboard!==void 0)return dashboard(values.dashboard,positionals,io);if(values.html===void 0)throw new InputError("--html or --dashboard: required (where to write the page)");if(positionals.length<1||positionals.length>2)throw new InputError("perf-gate report takes a results file and, optionally, a baseline file");let[resultsFile,baselineFile]=positionals;await ensureWritable(values.html,"--html"),await refuseBaselineAsResults(resultsFile,baselineFile,(results,baseline)=>`perf-gate report --html FILE ${results} ${baseline}`);let current=await readResultFile(resultsFile),{judgment}=current;if(judgment!==void 0&&values.config!==void 0)throw new InputError(`--config: ${resultsFile} carries the verdict its run got, which the page renders as it is; to judge it by another suite, use perf-gate compare`);let suite=values.config===void 0?void 0:await loadSuiteFile(values.config,io.env);if(suite!==void 0&&suite.name!==current.suite)throw new InputError(`${values.config} is suite "${suite.name}", but ${resultsFile} is suite "${current.suite}"`);let stress=stressFindings(current,suite?.budgets??{}),reference=baselineFile===void 0?void 0:await readReference(baselineFile),other=reference?.reference.runs.find(run=>run.suite!==current.suite);if(other!==void 0)throw new InputError(`${baselineFile} holds suite "${other.suite}", but ${resultsFile} is suite "${current.suite}"`);let page;if(judgment!==void 0){let drawn=reference===void 0?[]:runsJudgedAgainst(judgment,reference.reference.runs,baselineFile,resultsFile);page={suite:current.suite,current,baseline:drawn,gate:judgment.gate,budgets:judgment.gate.budgets,stress}}else if(reference!==void 0){let gate=judgeRun({suite,current,reference:reference.reference});page={suite:current.suite,current,baseline:reference.reference.runs,gate,budgets:gate.budgets,stress}}else page={suite:current.suite,current,baseline:[],budgets:budgetChecks(suite,current),stress};return await writeFile(values.html,renderHtmlReport(page)),io.stderr(`perf-gate: wrote ${values.html}
`),EXIT.ok}function runsJudgedAgainst(judgment,runs,file,resultsFile){let named=new Set(judgment.runs.map(run=>`${run.startedAt} ${run.sha}`)),drawn=runs.filter(run=>named.has(`${run.startedAt} ${run.git.sha}`));if(drawn.length===0)throw new InputError(`${file} holds none of the runs ${resultsFile} was judged against (${judgment.reference}): give that file to draw them, or none`);return drawn}async function dashboard(file,baselineFiles,io){if(baselineFiles.length===0)throw new InputError("perf-gate report --dashboard takes one or more baseline files");await ensureWritable(file,"--dashboard");let baselines=await Promise.all(baselineFiles.map(path=>readBaselineFile(path)));return await writeFile(file,renderDashboard(baselines)),io.stderr(`perf-gate: wrote ${file}
`),EXIT.ok}export{REPORT_HELP,reportCommand};
//# sourceMappingURL=report-command-MUEOWK7R.js.map
