import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { ChannelDetail } from './ChannelDetail';
import { ChannelList } from './ChannelList';

/** Settings → Utilities → Channels: the list, and each channel's detail page. */
export default function ChannelsPage() {
  return (
    <Routes>
      <Route index element={<ChannelList />} />
      <Route path=":id" element={<ChannelDetail />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  );
}
