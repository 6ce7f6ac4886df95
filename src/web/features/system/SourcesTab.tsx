/** 督办来源 (系统管理): the dictionary the 新建督办 form offers; edited as a draft, then 保存. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Space, Tag } from 'antd';
import { useState } from 'react';
import { errorMessage, errorText } from '../../api/client';
import { getSources, putSources } from '../../api/endpoints';
import { keys } from '../../api/keys';

export function SourcesTab() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data, error } = useQuery({ queryKey: keys.sources(), queryFn: getSources });
  const [draft, setDraft] = useState<string[]>();
  const [input, setInput] = useState('');
  const list = draft ?? data ?? [];
  const add = () => {
    const value = input.trim();
    if (!value || list.includes(value)) return;
    setDraft([...list, value]);
    setInput('');
  };
  const save = useMutation({
    mutationFn: putSources,
    meta: { invalidates: [keys.sources()] },
    onSuccess: (_, saved) => {
      // The saved list shows at once, not the old one until the refetch answers.
      queryClient.setQueryData(keys.sources(), saved);
      message.success('督办来源已保存');
      setDraft(undefined);
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Card size="small">
      {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 12 }} /> : null}
      <div style={{ marginBottom: 16 }}>
        {list.map((s) => (
          <Tag
            key={s}
            closable
            onClose={() => setDraft(list.filter((x) => x !== s))}
            style={{ marginBottom: 8 }}
          >
            {s}
          </Tag>
        ))}
      </div>
      <Space wrap>
        <Input
          value={input}
          onChange={(e) => setInput(e.target.value)}
          onPressEnter={add}
          placeholder="新的督办来源"
          aria-label="新的督办来源"
          style={{ width: 200 }}
        />
        <Button onClick={add}>添加</Button>
        <Button
          type="primary"
          loading={save.isPending}
          disabled={draft === undefined}
          onClick={() => save.mutate(list)}
        >
          保存
        </Button>
      </Space>
    </Card>
  );
}
