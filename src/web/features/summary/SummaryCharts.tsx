/** Charts of 情况汇总, with echarts' core imports only (loaded lazily with this module). */

import { Card, Col, Row } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { Summary } from '../../api/types';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  DatasetComponent,
  CanvasRenderer,
]);

type Option = Parameters<echarts.ECharts['setOption']>[0];

function Chart({ option, label }: { option: Option; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.setOption(option);
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [option]);
  return <div ref={ref} className="chart-box" role="img" aria-label={label} />;
}

const percent = (v: number | null) => (v === null ? 0 : Math.round(v * 1000) / 10);

export function DepartmentBars({ summary, nameOf }: { summary: Summary; nameOf: (id: string) => string }) {
  const names = summary.departments.map((d) => nameOf(d.departmentId));
  const option: Option = {
    tooltip: { trigger: 'axis' },
    legend: { data: ['未办结', '已办结', '已终止', '逾期'], top: 0 },
    grid: { left: 40, right: 16, bottom: 60, top: 36 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 4 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: '未办结',
        type: 'bar',
        data: summary.departments.map((d) => d.open),
        itemStyle: { color: '#1d5fbf' },
      },
      {
        name: '已办结',
        type: 'bar',
        // §12: 结束 (terminated) is never counted as 已办结.
        data: summary.departments.map((d) => d.completed ?? d.closed),
        itemStyle: { color: '#389e0d' },
      },
      {
        name: '已终止',
        type: 'bar',
        data: summary.departments.map((d) => d.terminated ?? 0),
        itemStyle: { color: '#8c8c8c' },
      },
      {
        name: '逾期',
        type: 'bar',
        data: summary.departments.map((d) => d.overdue),
        itemStyle: { color: '#cf1322' },
      },
    ],
  };
  const text = summary.departments
    .map(
      (d, i) =>
        `${names[i]}：未办结 ${d.open}，已办结 ${d.completed ?? d.closed}，已终止 ${d.terminated ?? 0}，逾期 ${d.overdue}`,
    )
    .join('；');
  return <Chart option={option} label={`各单位办理情况柱状图。${text}`} />;
}

export function CompletionBars({ summary, nameOf }: { summary: Summary; nameOf: (id: string) => string }) {
  const names = summary.departments.map((d) => nameOf(d.departmentId));
  const option: Option = {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${String(v)}%` },
    legend: { data: ['办结率', '按期办结率'], top: 0 },
    grid: { left: 48, right: 16, bottom: 60, top: 36 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 4 ? 30 : 0 } },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: '办结率',
        type: 'bar',
        data: summary.departments.map((d) => percent(d.completionRate)),
        itemStyle: { color: '#389e0d' },
      },
      {
        name: '按期办结率',
        type: 'bar',
        data: summary.departments.map((d) => percent(d.onTimeRate)),
        itemStyle: { color: '#d48806' },
      },
    ],
  };
  return <Chart option={option} label="各单位办结率柱状图" />;
}

export function MonthTrend({ summary }: { summary: Summary }) {
  // A line needs two months; with one (an office's first month) only the points show, so they are
  // filled and large enough to see.
  const point = { symbol: 'circle', symbolSize: 8, showSymbol: true } as const;
  const option: Option = {
    tooltip: { trigger: 'axis' },
    legend: { data: ['交办数', '办结数'], top: 0 },
    grid: { left: 40, right: 16, bottom: 40, top: 36 },
    xAxis: { type: 'category', data: summary.byMonth.map((m) => m.month) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: '交办数',
        type: 'line',
        ...point,
        data: summary.byMonth.map((m) => m.total),
        itemStyle: { color: '#1d5fbf' },
      },
      {
        name: '办结数',
        type: 'line',
        ...point,
        data: summary.byMonth.map((m) => m.completed ?? m.closed),
        itemStyle: { color: '#389e0d' },
      },
    ],
  };
  return <Chart option={option} label="按月趋势折线图" />;
}

export default function SummaryCharts({
  summary,
  nameOf,
}: {
  summary: Summary;
  nameOf: (id: string) => string;
}) {
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Card title="各单位办理情况" size="small">
          <DepartmentBars summary={summary} nameOf={nameOf} />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card title="办结率" size="small">
          <CompletionBars summary={summary} nameOf={nameOf} />
        </Card>
      </Col>
      <Col xs={24}>
        <Card title="按月趋势" size="small">
          <MonthTrend summary={summary} />
        </Card>
      </Col>
    </Row>
  );
}
