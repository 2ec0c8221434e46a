import { createRequire as __perfGateCreateRequire } from 'node:module';
const require = __perfGateCreateRequire(import.meta.url);
import{appendRun,appendToBranch,baselinePath,branchBaselinePath,escapeHtml,formatMs,historyEntry,htmlPage,median,medianAbsoluteDeviation,readBaselineFileIfExists,writeBaselineFile}from"./chunk-R2XBKAJP.js";import{info,setFailed,setOutput}from"./chunk-EHHUXWRK.js";var BAND_RUNS=10,MARK_THRESHOLD=.1;function renderDashboard(baselines,options={}){let suites=baselines.map(baseline=>({suite:baseline.suite,history:baseline.history??baseline.runs.map(historyEntry)})),data=suites.map(({suite,history})=>({suite,runs:history.map(entry=>({startedAt:entry.startedAt,sha:entry.sha})),scenarios:scenariosOf(history).map(name=>trend(name,history))})),sections=data.map((s,i)=>`<section><h2>${escapeHtml(s.suite)}</h2><p class="note">${s.runs.length} recorded runs of main, oldest first; band: the previous ${BAND_RUNS} runs' median p95 \xB1 2 robust standard deviations; \u25CF a run whose p95 left it upward by more than ${MARK_THRESHOLD*100} %.</p><div class="charts">${s.scenarios.map((t,j)=>`<figure><figcaption>${escapeHtml(t.name)}: p50, p95 (ms) and req/s</figcaption><div class="chart" id="trend-${i}-${j}"></div></figure>`).join("")}</div>`+runTable(s.runs,s.scenarios,options.commitUrl)+"</section>");return htmlPage({title:"perf-gate trends",header:`<p class="meta">${escapeHtml(suites.map(s=>s.suite).join(" \xB7 "))}</p>`,main:sections.join(`
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
`;async function recordRun(inputs,context,client,current,baseRun){let aa=baseRun===void 0?{}:{base:baseRun};if(inputs.baselineBranch!==void 0){let store={client,repo:context.repo,branch:inputs.baselineBranch},{baseline,dropped,attempts,commit}=await appendToBranch(store,current,{log:info,...aa,pages:baselines=>[{path:"index.html",content:dashboard(baselines,context)}]});info(`perf-gate: recorded the run in ${branchBaselinePath(current.suite)} on branch ${store.branch} (commit ${commit.slice(0,7)}${attempts>1?`, after ${attempts} attempts`:""}): ${baseline.runs.length} runs kept, ${dropped} dropped`)}else{let path=baselinePath(inputs,current.suite),{baseline,dropped}=appendRun(await readBaselineFileIfExists(path),current,void 0,baseRun);await writeBaselineFile(path,baseline),info(`perf-gate: recorded the run in ${path}: ${baseline.runs.length} runs kept, ${dropped} dropped`)}}function dashboard(baselines,context){let server=process.env.GITHUB_SERVER_URL??"https://github.com";return renderDashboard(baselines,{commitUrl:sha=>`${server}/${context.repo.owner}/${context.repo.repo}/commit/${sha}`})}function finishRecord(budgets){let failed=budgets.filter(b=>!b.passed).length;setOutput("verdict",failed>0?"fail":"pass"),setOutput("regressions","0"),failed>0&&setFailed(`perf-gate: ${failed} budget(s) exceeded`)}export{recordRun,finishRecord};
//# sourceMappingURL=chunk-L3CWVU44.js.map
