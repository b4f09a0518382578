import { Route, Routes } from 'react-router-dom';
import { ChannelDetail } from './ChannelDetail';
import { ChannelList } from './ChannelList';
import { NotFound } from '../../components/NotFound';
import { msg } from '../../utils/useT';
import { CHANNELS_BASE } from './format';

/** Settings → Utilities → Channels: the list, and each channel's detail page. */
export default function ChannelsPage() {
  return (
    <Routes>
      <Route index element={<ChannelList />} />
      <Route path=":id" element={<ChannelDetail />} />
      <Route
        path="*"
        element={<NotFound back={CHANNELS_BASE} backLabel={msg('channels.title', 'Channels')} />}
      />
    </Routes>
  );
}
